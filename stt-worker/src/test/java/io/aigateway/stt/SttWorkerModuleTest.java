package io.aigateway.stt;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.stt.mock.MockSpeechToTextProperties;
import io.aigateway.stt.transcribe.SttProperties;
import io.aigateway.stt.transcribe.SttStepHandler;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

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
        context().withPropertyValues("gateway.stt.provider=vosk").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("gateway.stt.provider 'vosk'")
                    .hasMessageContaining("known: mock");
        });
    }
}
