package io.aigateway.tts;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.control.SelectedProviders;
import io.aigateway.tts.azure.AzureSpeechSynthesisProperties;
import io.aigateway.tts.local.FreeTtsProperties;
import io.aigateway.tts.local.VoiceProgramProperties;
import io.aigateway.tts.mock.MockSpeechSynthesizerProperties;
import io.aigateway.tts.mock.MockSpeechSynthesizerProvider;
import io.aigateway.tts.synthesize.SpeechSynthesizerProvider;
import io.aigateway.tts.synthesize.SpeechSynthesizerSelection;
import io.aigateway.tts.synthesize.TtsProperties;
import io.aigateway.tts.synthesize.TtsStepHandler;
import io.aigateway.tts.synthesize.VoiceCatalog;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The tts step as a module: its settings, the synthesizer chosen by {@code gateway.tts.provider} among the provider
 * beans in the context, and the step handler that pipeline-core runs (the blob store comes from pipeline-core).
 * {@code all-in-one} imports this class; the standalone {@link TtsWorkerApplication} finds it by scanning.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties({
    TtsProperties.class,
    MockSpeechSynthesizerProperties.class,
    FreeTtsProperties.class,
    VoiceProgramProperties.class,
    AzureSpeechSynthesisProperties.class
})
public class TtsWorkerModule {

    @Bean
    SpeechSynthesizerSelection ttsSpeechSynthesizerSelection(
            TtsProperties properties, List<SpeechSynthesizerProvider> providers) {
        return SpeechSynthesizerSelection.select(properties.provider(), providers);
    }

    /** The voices jobs may ask for on this worker (the provider registry lists them). */
    @Bean
    VoiceCatalog ttsVoiceCatalog(SpeechSynthesizerSelection ttsSpeechSynthesizerSelection, TtsProperties properties) {
        return new VoiceCatalog(
                ttsSpeechSynthesizerSelection.provider(),
                properties.defaultVoice(),
                ttsSpeechSynthesizerSelection.synthesizer().voices());
    }

    /** For the registry: the synthesizer this worker runs with its voices, the others it knows. */
    @Bean
    SelectedProviders ttsProviderCatalog(VoiceCatalog ttsVoiceCatalog, List<SpeechSynthesizerProvider> providers) {
        return new SelectedProviders(
                "tts",
                "gateway.tts.provider",
                ttsVoiceCatalog.provider(),
                providers.stream().map(SpeechSynthesizerProvider::name).toList(),
                name -> name.equals(ttsVoiceCatalog.provider())
                        ? new SelectedProviders.Offer(
                                List.of(),
                                ttsVoiceCatalog.voices().stream()
                                        .map(VoiceInfo::name)
                                        .toList(),
                                ttsVoiceCatalog.languages())
                        : SelectedProviders.Offer.NOTHING);
    }

    @Bean
    TtsStepHandler ttsStepHandler(
            SpeechSynthesizerSelection ttsSpeechSynthesizerSelection,
            List<SpeechSynthesizerProvider> providers,
            BlobStore blobStore,
            TtsProperties properties) {
        // jobs marked mockProviders (load tests) are spoken by the mock, whatever this worker is configured with
        SpeechSynthesizerSelection mock =
                ttsSpeechSynthesizerSelection.provider().equals(MockSpeechSynthesizerProvider.NAME)
                        ? ttsSpeechSynthesizerSelection
                        : SpeechSynthesizerSelection.select(MockSpeechSynthesizerProvider.NAME, providers);
        return new TtsStepHandler(ttsSpeechSynthesizerSelection, mock, blobStore, properties);
    }
}
