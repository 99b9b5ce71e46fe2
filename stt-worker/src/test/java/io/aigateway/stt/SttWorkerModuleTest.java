package io.aigateway.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.stt.azure.AzureSpeechRecognitionProperties;
import io.aigateway.stt.mock.MockSpeechToTextProperties;
import io.aigateway.stt.transcribe.SttProperties;
import io.aigateway.stt.transcribe.SttStepHandler;
import io.aigateway.stt.vosk.VoskProperties;
import io.aigateway.stt.vosk.VoskTestModel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

/** The module as all-in-one imports it (the blob store coming from pipeline-core): settings, provider, handler. */
class SttWorkerModuleTest {

    @TempDir
    Path blobRoot;

    private ApplicationContextRunner context() {
        return new ApplicationContextRunner()
                .withBean(BlobStore.class, () -> new FileSystemBlobStore(blobRoot))
                .withUserConfiguration(SttWorkerModule.class);
    }

    @Test
    void byDefaultTheMockProviderServesTheStep() {
        context().run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBeansOfType(StepHandler.class)).hasSize(1);
            assertThat(ctx.getBean(StepHandler.class)).isInstanceOf(SttStepHandler.class);
            assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("mock");
        });
    }

    @Test
    void settingsBindFromKebabCaseProperties() {
        context()
                .withPropertyValues(
                        "gateway.stt.default-language=nl-NL",
                        "gateway.stt.max-audio-size=5MB",
                        "gateway.stt.mock.word-duration=250ms")
                .run(ctx -> {
                    assertThat(ctx.getBean(SttProperties.class))
                            .isEqualTo(new SttProperties("mock", "nl-NL", DataSize.ofMegabytes(5)));
                    assertThat(ctx.getBean(MockSpeechToTextProperties.class).wordDuration())
                            .isEqualTo(Duration.ofMillis(250));
                });
    }

    @Test
    void anUnknownProviderStopsStartupNamingTheKnownOnes() {
        context().withPropertyValues("gateway.stt.provider=kaldi").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("gateway.stt.provider 'kaldi'")
                    .hasMessageContaining("known: azure-speech, mock, vosk");
        });
    }

    @Test
    void voskServesTheStepFromAConfiguredModelPath() {
        context()
                .withPropertyValues(
                        "gateway.stt.provider=vosk",
                        "gateway.stt.vosk.model-path=" + VoskTestModel.path(),
                        "gateway.stt.vosk.max-concurrent-recognizers=3",
                        "gateway.stt.vosk.recognizer-wait=5s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("vosk");
                    VoskProperties vosk = ctx.getBean(VoskProperties.class);
                    assertThat(vosk.maxConcurrentRecognizers()).isEqualTo(3);
                    assertThat(vosk.recognizerWait()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(vosk.languages()).containsExactly("en");
                });
    }

    @Test
    void aVoskModelPathThatIsNoFolderStopsStartup() {
        context()
                .withPropertyValues(
                        "gateway.stt.provider=vosk", "gateway.stt.vosk.model-path=" + blobRoot.resolve("none"))
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("is not a folder");
                });
    }

    @Test
    void azureSpeechWithoutSettingsStopsStartupSayingWhatToSet() {
        context().withPropertyValues("gateway.stt.provider=azure-speech").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("provider azure-speech is not configured")
                    .hasMessageContaining("gateway.stt.azure-speech.region");
        });
    }

    @Test
    void azureSpeechWithAnEndpointAndNoKeySignsInWithTheApplicationsCredential() {
        TokenCredential credential = request -> Mono.error(new IllegalStateException("not called at start"));
        context()
                .withBean(TokenCredential.class, () -> credential)
                .withPropertyValues(
                        "gateway.stt.provider=azure-speech",
                        "gateway.stt.azure-speech.endpoint=https://gw-speech.cognitiveservices.azure.com/")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("azure-speech");
                    assertThat(ctx.getBean(AzureSpeechRecognitionProperties.class)
                                    .problems())
                            .isEmpty();
                });
    }
}
