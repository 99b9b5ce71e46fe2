package io.aigateway.stt;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.control.SelectedProviders;
import io.aigateway.stt.azure.AzureSpeechRecognitionProperties;
import io.aigateway.stt.mock.MockSpeechToTextProperties;
import io.aigateway.stt.mock.MockSpeechToTextProvider;
import io.aigateway.stt.transcribe.SpeechToTextProvider;
import io.aigateway.stt.transcribe.SpeechToTextSelection;
import io.aigateway.stt.transcribe.SttProperties;
import io.aigateway.stt.transcribe.SttStepHandler;
import io.aigateway.stt.vosk.VoskProperties;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The stt step as a module: its settings, the speech-to-text provider chosen by {@code gateway.stt.provider} among the
 * provider beans in the context, and the step handler that pipeline-core runs (the blob store comes from
 * pipeline-core). {@code all-in-one} imports this class; the standalone {@link SttWorkerApplication} finds it by
 * scanning.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties({
    SttProperties.class,
    MockSpeechToTextProperties.class,
    VoskProperties.class,
    AzureSpeechRecognitionProperties.class
})
public class SttWorkerModule {

    @Bean
    SpeechToTextSelection sttSpeechToTextSelection(SttProperties properties, List<SpeechToTextProvider> providers) {
        return SpeechToTextSelection.select(properties.provider(), providers);
    }

    /** For the registry: the engine this worker runs, the others it knows; the local engines speak English. */
    @Bean
    SelectedProviders sttProviderCatalog(
            SpeechToTextSelection sttSpeechToTextSelection, List<SpeechToTextProvider> providers) {
        return new SelectedProviders(
                "stt",
                "gateway.stt.provider",
                sttSpeechToTextSelection.provider(),
                providers.stream().map(SpeechToTextProvider::name).toList(),
                name -> name.equals("vosk") || name.equals("mock")
                        ? new SelectedProviders.Offer(List.of(), List.of(), List.of("en-US"))
                        : SelectedProviders.Offer.NOTHING);
    }

    @Bean
    SttStepHandler sttStepHandler(
            SpeechToTextSelection sttSpeechToTextSelection,
            List<SpeechToTextProvider> providers,
            BlobStore blobStore,
            SttProperties properties) {
        // jobs marked mockProviders (load tests) run on the mock engine, whatever this worker is configured with
        SpeechToTextSelection mock = sttSpeechToTextSelection.provider().equals(MockSpeechToTextProvider.NAME)
                ? sttSpeechToTextSelection
                : SpeechToTextSelection.select(MockSpeechToTextProvider.NAME, providers);
        return new SttStepHandler(sttSpeechToTextSelection, mock, blobStore, properties);
    }
}
