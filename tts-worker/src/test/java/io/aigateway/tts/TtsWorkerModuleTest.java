package io.aigateway.tts;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.tts.local.FreeTtsProperties;
import io.aigateway.tts.mock.MockSpeechSynthesizerProperties;
import io.aigateway.tts.synthesize.TtsProperties;
import io.aigateway.tts.synthesize.TtsStepHandler;
import io.aigateway.tts.synthesize.VoiceCatalog;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The module as all-in-one imports it (the blob store coming from pipeline-core): settings, provider, handler. */
class TtsWorkerModuleTest {

    @TempDir
    Path blobRoot;

    private ApplicationContextRunner context() {
        return new ApplicationContextRunner()
                .withBean(BlobStore.class, () -> new FileSystemBlobStore(blobRoot))
                .withUserConfiguration(TtsWorkerModule.class);
    }

    @Test
    void byDefaultTheMockProviderServesTheStep() {
        context().run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBeansOfType(StepHandler.class)).hasSize(1);
            assertThat(ctx.getBean(StepHandler.class)).isInstanceOf(TtsStepHandler.class);
            assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("mock");
        });
    }

    @Test
    void settingsBindFromKebabCaseProperties() {
        context()
                .withPropertyValues(
                        "gateway.tts.default-voice=alto",
                        "gateway.tts.mock.per-character=80ms",
                        "gateway.tts.mock.max-duration=10s")
                .run(ctx -> {
                    assertThat(ctx.getBean(TtsProperties.class)).isEqualTo(new TtsProperties("mock", "alto"));
                    assertThat(ctx.getBean(MockSpeechSynthesizerProperties.class))
                            .isEqualTo(
                                    new MockSpeechSynthesizerProperties(Duration.ofMillis(80), Duration.ofSeconds(10)));
                });
    }

    @Test
    void anUnknownProviderStopsStartupNamingTheKnownOnes() {
        context().withPropertyValues("gateway.tts.provider=espeak").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("gateway.tts.provider 'espeak'")
                    .hasMessageContaining("known: azure-speech, freetts, mock");
        });
    }

    @Test
    void theFreeTtsProviderOffersItsVoicesInTheCatalog() {
        context()
                .withPropertyValues(
                        "gateway.tts.provider=freetts",
                        "gateway.tts.default-voice=kevin16",
                        "gateway.tts.freetts.pool-size=1",
                        "gateway.tts.programs.enabled=false")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("freetts");
                    VoiceCatalog catalog = ctx.getBean(VoiceCatalog.class);
                    assertThat(catalog.provider()).isEqualTo("freetts");
                    assertThat(catalog.defaultVoice()).isEqualTo("kevin16");
                    assertThat(catalog.voices()).extracting(VoiceInfo::name).containsExactly("kevin16");
                    assertThat(catalog.languages()).containsExactly("en-US");
                    assertThat(ctx.getBean(FreeTtsProperties.class).poolSize()).isEqualTo(1);
                });
    }

    @Test
    void azureSpeechWithoutSettingsStopsStartupSayingWhatToSet() {
        context().withPropertyValues("gateway.tts.provider=azure-speech").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("provider azure-speech is not configured")
                    .hasMessageContaining("gateway.tts.azure-speech.region");
        });
    }

    @Test
    void azureSpeechWithARegionAndAKeyStartsAndListsItsConfiguredVoices() {
        context()
                .withPropertyValues(
                        "gateway.tts.provider=azure-speech",
                        "gateway.tts.azure-speech.region=westeurope",
                        "gateway.tts.azure-speech.key=not-a-real-key",
                        "gateway.tts.azure-speech.voices=en-US-JennyNeural,en-GB-SoniaNeural")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(VoiceCatalog.class).languages()).containsExactly("en-US", "en-GB");
                });
    }
}
