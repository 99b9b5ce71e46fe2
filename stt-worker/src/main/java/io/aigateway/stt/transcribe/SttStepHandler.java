package io.aigateway.stt.transcribe;

import io.aigateway.pipeline.blob.BlobNotFoundException;
import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.pipeline.text.PiiRedactor;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import java.io.UncheckedIOException;

/**
 * The stt step: reads the job's audio ({@code input.audio}, a claim-check) from the blob store, has the engine
 * transcribe it in the job's language, streams partial transcripts as {@code delta} events and returns the
 * {@code transcript}.
 */
public final class SttStepHandler implements StepHandler {

    private final SpeechToTextSelection speech;
    private final BlobStore blobs;
    private final SttProperties properties;

    public SttStepHandler(SpeechToTextSelection speech, BlobStore blobs, SttProperties properties) {
        this.speech = speech;
        this.blobs = blobs;
        this.properties = properties;
    }

    @Override
    public Step step() {
        return Step.STT;
    }

    @Override
    public String providerFor(JobEnvelope envelope) {
        return speech.provider();
    }

    @Override
    public StepResult handle(JobEnvelope envelope, StepSink sink) {
        BlobRef audio = envelope.input() == null ? null : envelope.input().audio();
        if (audio == null) {
            throw StepException.permanent(ErrorCodes.INVALID_INPUT, "the stt step needs audio (input.audio)");
        }
        if (audio.size() > properties.maxAudioSize().toBytes()) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the audio has " + audio.size() + " bytes, more than the "
                            + properties.maxAudioSize().toBytes() + " this worker accepts");
        }
        String language = envelope.options().language() != null
                        && !envelope.options().language().isBlank()
                ? envelope.options().language()
                : properties.defaultLanguage();
        byte[] content = read(audio);
        Transcript transcript = speech.engine()
                .transcribe(
                        new TranscriptionRequest(
                                content,
                                audio.contentType(),
                                language,
                                envelope.options().phrases()),
                        sink::delta);
        if (envelope.batchId() != null && Boolean.TRUE.equals(envelope.options().redactPii())) {
            transcript = redacted(transcript);
        }
        return new StepResult(speech.provider(), JobContext.empty().withTranscript(transcript));
    }

    /**
     * A batch that asked for PII redaction keeps no personal data in its transcripts: the text, and each word on its
     * own (a word's times stay, its text is replaced when it is personal data by itself).
     */
    static Transcript redacted(Transcript t) {
        PiiRedactor redactor = PiiRedactor.instance();
        return new Transcript(
                t.text() == null ? null : redactor.redact(t.text()).text(),
                t.language(),
                t.durationSeconds(),
                t.words().stream()
                        .map(w -> new Word(redactor.redact(w.word()).text(), w.start(), w.end(), w.confidence()))
                        .toList());
    }

    private byte[] read(BlobRef audio) {
        try {
            return blobs.read(audio);
        } catch (BlobNotFoundException e) {
            throw new StepException(
                    ErrorCodes.INVALID_INPUT, "the audio blob does not exist: " + audio.uri(), false, null, e);
        } catch (IllegalArgumentException e) {
            // a reference this store cannot serve (another scheme, a path leaving the store): no retry makes it valid
            throw new StepException(
                    ErrorCodes.INVALID_INPUT, "unusable audio reference: " + e.getMessage(), false, null, e);
        } catch (UncheckedIOException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE, "cannot read the audio blob: " + e.getMessage(), true, null, e);
        }
    }
}
