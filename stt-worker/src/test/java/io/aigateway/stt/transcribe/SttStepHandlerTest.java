package io.aigateway.stt.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.stt.mock.MockSpeechToText;
import io.aigateway.stt.mock.MockSpeechToTextProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class SttStepHandlerTest {

    @TempDir
    Path blobRoot;

    private BlobStore blobs;
    private final RecordingSpeechToText engine = new RecordingSpeechToText();
    private SttStepHandler handler;

    @BeforeEach
    void setUp() {
        blobs = new FileSystemBlobStore(blobRoot);
        handler = new SttStepHandler(
                new SpeechToTextSelection("fake", engine),
                new SpeechToTextSelection("mock", new MockSpeechToText(MockSpeechToTextProperties.defaults())),
                blobs,
                new SttProperties("fake", "de-DE", DataSize.ofBytes(1000)));
    }

    @Test
    void readsTheAudioBlobStreamsPartialsAndReturnsOnlyTheTranscript() {
        BlobRef audio = blobs.put("tenant-a", "hello there".getBytes(StandardCharsets.UTF_8), "audio/x-test");
        List<String> deltas = new ArrayList<>();

        StepResult result = handler.handle(envelope(JobInput.ofAudio(audio), null), deltas::add);

        TranscriptionRequest asked = engine.requests.get(0);
        assertThat(new String(asked.audio(), StandardCharsets.UTF_8)).isEqualTo("hello there");
        assertThat(asked.contentType()).isEqualTo("audio/x-test");
        assertThat(asked.language()).isEqualTo("de-DE");
        assertThat(deltas).containsExactly("heard 11 ", "bytes");
        assertThat(result.provider()).isEqualTo("fake");
        assertThat(result.output()).isEqualTo(JobContext.empty().withTranscript(engine.transcript("de-DE")));
        assertThat(handler.step()).isEqualTo(Step.STT);
        assertThat(handler.providerFor(envelope(JobInput.ofAudio(audio), null))).isEqualTo("fake");
    }

    @Test
    void theJobsLanguageWinsOverTheDefault() {
        BlobRef audio = blobs.put("tenant-a", new byte[] {1, 2, 3}, "audio/wav");

        handler.handle(envelope(JobInput.ofAudio(audio), "fr-FR"), text -> {});

        assertThat(engine.requests).extracting(TranscriptionRequest::language).containsExactly("fr-FR");
    }

    @Test
    void theJobsPhraseListReachesTheEngine() {
        BlobRef audio = blobs.put("tenant-a", new byte[] {1, 2, 3}, "audio/wav");
        JobEnvelope withPhrases = envelope(JobInput.ofAudio(audio), "en-US");
        withPhrases = JobEnvelope.create(
                withPhrases.jobId(),
                withPhrases.correlationId(),
                withPhrases.tenantId(),
                null,
                withPhrases.createdAt(),
                withPhrases.deadline(),
                withPhrases.route(),
                withPhrases.input(),
                withPhrases.options().withPhrases(List.of("reset my password", "VPN")));

        handler.handle(withPhrases, text -> {});

        assertThat(engine.requests.get(0).phrases()).containsExactly("reset my password", "VPN");
    }

    @Test
    void withoutAudioTheInputIsInvalidAndRetryingCannotHelp() {
        assertFails(envelope(JobInput.ofText("no audio here"), null), ErrorCodes.INVALID_INPUT, false);
    }

    @Test
    void aMissingBlobIsInvalidInput() {
        BlobRef gone = blobs.put("tenant-a", new byte[] {1, 2, 3}, "audio/wav");
        blobs.delete(gone);

        assertFails(envelope(JobInput.ofAudio(gone), null), ErrorCodes.INVALID_INPUT, false);
    }

    @Test
    void aReferenceTheStoreCannotServeIsInvalidInput() {
        BlobRef elsewhere = new BlobRef("fs:../../etc/passwd", 10, null, "audio/wav");

        assertFails(envelope(JobInput.ofAudio(elsewhere), null), ErrorCodes.INVALID_INPUT, false);
    }

    @Test
    void audioLargerThanTheLimitIsRefusedBeforeItIsRead() {
        BlobRef huge = new BlobRef("fs:tenant-a/ab/abcdef", 5000, "abcdef", "audio/wav");

        assertFails(envelope(JobInput.ofAudio(huge), null), ErrorCodes.INVALID_INPUT, false);
    }

    @Test
    void aBlobThatCannotBeReadIntactIsARetryableFailure() {
        BlobRef stored = blobs.put("tenant-a", new byte[] {1, 2, 3}, "audio/wav");
        BlobRef wrongSize = new BlobRef(stored.uri(), 4, stored.sha256(), stored.contentType());

        assertFails(envelope(JobInput.ofAudio(wrongSize), null), ErrorCodes.PROVIDER_UNAVAILABLE, true);
    }

    @Test
    void aRedactedTranscriptKeepsNoPersonalDataInItsWords() {
        // a card written in four groups is personal data only as a whole: word by word, each group passed
        Transcript heard = transcript(
                "my card is 4111 1111 1111 1111 and mail jane@contoso.com",
                "my",
                "card",
                "is",
                "4111",
                "1111",
                "1111",
                "1111",
                "and",
                "mail",
                "jane@contoso.com");

        Transcript redacted = SttStepHandler.redacted(heard);

        assertThat(redacted.text()).isEqualTo("my card is [CARD] and mail [EMAIL]");
        assertThat(redacted.words())
                .extracting(Word::word)
                .containsExactly("my", "card", "is", "[CARD]", "and", "mail", "[EMAIL]");
        Word card = redacted.words().get(3);
        assertThat(card.start()).isEqualTo(heard.words().get(3).start());
        assertThat(card.end()).isEqualTo(heard.words().get(6).end());
        assertThat(card.confidence()).isEqualTo(0.5);
    }

    @Test
    void digitsSpokenAsWordsAreRedactedToo() {
        String spoken = "call me on oh two oh seven nine four six oh nine five eight please";
        Transcript heard = transcript(spoken, spoken.split(" "));

        Transcript redacted = SttStepHandler.redacted(heard);

        assertThat(redacted.text()).isEqualTo("call me on [PHONE] please");
        assertThat(redacted.words()).extracting(Word::word).containsExactly("call", "me", "on", "[PHONE]", "please");
    }

    @Test
    void aTranscriptWithoutPersonalDataIsLeftAsItIs() {
        Transcript heard = transcript("reset my password twice", "reset", "my", "password", "twice");

        assertThat(SttStepHandler.redacted(heard)).isEqualTo(heard);
    }

    /** Words one second apart, confidence 0.9 but 0.5 for the fifth. */
    private static Transcript transcript(String text, String... words) {
        List<Word> timed = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            timed.add(new Word(words[i], i, i + 0.8, i == 4 ? 0.5 : 0.9));
        }
        return new Transcript(text, "en-US", words.length, timed);
    }

    private void assertFails(JobEnvelope envelope, String code, boolean retryable) {
        assertThatThrownBy(() -> handler.handle(envelope, text -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.retryable()).isEqualTo(retryable);
                });
        assertThat(engine.requests).isEmpty();
    }

    @Test
    void aJobMarkedForMockProvidersIsTranscribedByTheMockEngineNotTheConfiguredOne() {
        BlobRef audio = blobs.put("tenant-a", "reset my password".getBytes(StandardCharsets.UTF_8), "text/plain");
        JobEnvelope marked = envelope(JobInput.ofAudio(audio), "en-US");
        marked = marked.withOptions(marked.options().withMockProviders(true));

        assertThat(handler.providerFor(marked)).isEqualTo("mock");
        StepResult result = handler.handle(marked, text -> {});

        assertThat(engine.requests).isEmpty();
        assertThat(result.provider()).isEqualTo("mock");
        assertThat(result.output().transcript().text()).isEqualTo("reset my password");
    }

    private static JobEnvelope envelope(JobInput input, String language) {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        return JobEnvelope.create(
                "job-1",
                "corr-1",
                "tenant-a",
                null,
                now,
                now.plusSeconds(60),
                List.of(Step.STT),
                input,
                new JobOptions(language, null, null, null, null, null, null));
    }

    /** "Hears" how many bytes it got and remembers what it was asked. */
    static final class RecordingSpeechToText implements SpeechToText {
        final List<TranscriptionRequest> requests = new ArrayList<>();

        @Override
        public Transcript transcribe(TranscriptionRequest request, PartialTranscriptListener partials) {
            requests.add(request);
            partials.partial("heard " + request.audio().length + " ");
            partials.partial("bytes");
            return transcript(request.language());
        }

        Transcript transcript(String language) {
            return new Transcript(
                    "heard " + requests.get(0).audio().length + " bytes",
                    language,
                    1.0,
                    List.of(new Word("heard", 0, 0.5, 0.9)));
        }
    }
}
