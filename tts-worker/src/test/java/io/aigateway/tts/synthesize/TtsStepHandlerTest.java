package io.aigateway.tts.synthesize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.tts.mock.MockSpeechSynthesizer;
import io.aigateway.tts.mock.MockSpeechSynthesizerProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtsStepHandlerTest {

    @TempDir
    Path blobRoot;

    private BlobStore blobs;
    private final RecordingSynthesizer synthesizer = new RecordingSynthesizer();
    private TtsStepHandler handler;

    @BeforeEach
    void setUp() {
        blobs = new FileSystemBlobStore(blobRoot);
        handler = new TtsStepHandler(
                new SpeechSynthesizerSelection("fake", synthesizer),
                new SpeechSynthesizerSelection(
                        "mock", new MockSpeechSynthesizer(MockSpeechSynthesizerProperties.defaults())),
                blobs,
                new TtsProperties("fake", "alto"));
    }

    @Test
    void speaksTheInputTextAndStoresTheAudioUnderTheJobsTenant() {
        List<String> deltas = new ArrayList<>();

        StepResult result =
                handler.handle(envelope("tenant-a", JobInput.ofText("Hello"), null, JobContext.empty()), deltas::add);

        assertThat(synthesizer.requests).containsExactly(new SynthesisRequest("Hello", "alto", null));
        BlobRef audio = result.output().audio();
        assertThat(audio.contentType()).isEqualTo("audio/wav");
        assertThat(audio.uri()).startsWith("fs:tenant-a/");
        assertThat(new String(blobs.read(audio), StandardCharsets.UTF_8)).isEqualTo("alto says Hello");
        assertThat(result.output()).isEqualTo(JobContext.empty().withAudio(audio));
        assertThat(result.provider()).isEqualTo("fake");
        assertThat(deltas).isEmpty();
        assertThat(handler.step()).isEqualTo(Step.TTS);
        assertThat(handler.providerFor(null)).isEqualTo("fake");
    }

    @Test
    void aJobMarkedForMockProvidersIsSpokenByTheMockNotTheConfiguredSynthesizer() {
        JobEnvelope marked = envelope("tenant-a", JobInput.ofText("Hello"), "bass", JobContext.empty());
        marked = marked.withOptions(marked.options().withMockProviders(true));

        assertThat(handler.providerFor(marked)).isEqualTo("mock");
        StepResult result = handler.handle(marked, text -> {});

        assertThat(synthesizer.requests).isEmpty();
        assertThat(result.provider()).isEqualTo("mock");
        assertThat(blobs.read(result.output().audio())).startsWith("RIFF".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void prefersTheAnswerOverTheInputTextAndUsesTheJobsVoiceAndLanguage() {
        JobContext answered = JobContext.empty().withAnswer(new Answer("Restart the VPN.", "m", 1, 1, "stop"));

        handler.handle(envelope("tenant-a", JobInput.ofText("my vpn"), "bass", answered), text -> {});

        assertThat(synthesizer.requests).containsExactly(new SynthesisRequest("Restart the VPN.", "bass", "en-GB"));
    }

    @Test
    void withoutTextTheInputIsInvalidAndRetryingCannotHelp() {
        assertFails(
                envelope("tenant-a", new JobInput(" ", List.of(), null), null, JobContext.empty()),
                ErrorCodes.INVALID_INPUT,
                false);
        assertThat(synthesizer.requests).isEmpty();
    }

    @Test
    void aTenantTheStoreCannotHoldIsInvalidInput() {
        assertFails(
                envelope("../escape", JobInput.ofText("hi"), null, JobContext.empty()),
                ErrorCodes.INVALID_INPUT,
                false);
    }

    private void assertFails(JobEnvelope envelope, String code, boolean retryable) {
        assertThatThrownBy(() -> handler.handle(envelope, text -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.retryable()).isEqualTo(retryable);
                });
    }

    private static JobEnvelope envelope(String tenant, JobInput input, String voice, JobContext context) {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        JobOptions options = new JobOptions(voice == null ? null : "en-GB", voice, null, null, null, null, null);
        return new JobEnvelope(
                1,
                "job-1",
                "corr-1",
                tenant,
                null,
                now,
                now.plusSeconds(60),
                List.of(Step.TTS),
                0,
                1,
                input,
                options,
                context);
    }

    /** "Speaks" by writing "voice says text" and remembers what it was asked. */
    static final class RecordingSynthesizer implements SpeechSynthesizer {
        final List<SynthesisRequest> requests = new ArrayList<>();

        @Override
        public SynthesizedSpeech synthesize(SynthesisRequest request) {
            requests.add(request);
            return new SynthesizedSpeech(
                    (request.voice() + " says " + request.text()).getBytes(StandardCharsets.UTF_8), "audio/wav", 1.0);
        }
    }
}
