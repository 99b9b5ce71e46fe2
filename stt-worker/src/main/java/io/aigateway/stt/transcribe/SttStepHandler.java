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
import java.util.ArrayList;
import java.util.List;

/**
 * The stt step: reads the job's audio ({@code input.audio}, a claim-check) from the blob store, has the engine
 * transcribe it in the job's language, streams partial transcripts as {@code delta} events and returns the
 * {@code transcript}. A job marked {@code mockProviders} (a load test's replay) is transcribed by the mock engine
 * whatever engine the worker is configured with, so that it bills no provider.
 */
public final class SttStepHandler implements StepHandler {

    private final SpeechToTextSelection speech;
    private final SpeechToTextSelection mock;
    private final BlobStore blobs;
    private final SttProperties properties;

    /** @param mock the engine of jobs marked {@code mockProviders} */
    public SttStepHandler(
            SpeechToTextSelection speech, SpeechToTextSelection mock, BlobStore blobs, SttProperties properties) {
        this.speech = speech;
        this.mock = mock;
        this.blobs = blobs;
        this.properties = properties;
    }

    private SpeechToTextSelection engineFor(JobEnvelope envelope) {
        return envelope != null && envelope.options().onMockProviders() ? mock : speech;
    }

    @Override
    public Step step() {
        return Step.STT;
    }

    @Override
    public String providerFor(JobEnvelope envelope) {
        return engineFor(envelope).provider();
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
        SpeechToTextSelection engine = engineFor(envelope);
        Transcript transcript = engine.engine()
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
        return new StepResult(engine.provider(), JobContext.empty().withTranscript(transcript));
    }

    /**
     * A batch that asked for PII redaction keeps no personal data in its transcripts: not in the text, and not in the
     * timed words that results, SRT and WebVTT are made of.
     */
    static Transcript redacted(Transcript t) {
        return new Transcript(
                t.text() == null
                        ? null
                        : PiiRedactor.instance().redact(t.text()).text(),
                t.language(),
                t.durationSeconds(),
                redactedWords(t.words()));
    }

    /**
     * The words are redacted as the sentence they make, not one by one: a card number spoken as sixteen digits, or
     * written as four groups, is personal data only as a whole. The words a piece of personal data touches become one
     * word, its marker, timed from the first one's start to the last one's end.
     */
    static List<Word> redactedWords(List<Word> words) {
        StringBuilder sentence = new StringBuilder();
        int[] starts = new int[words.size()];
        for (int i = 0; i < words.size(); i++) {
            starts[i] = sentence.length();
            sentence.append(words.get(i).word()).append(' ');
        }
        List<PiiRedactor.Span> spans = PiiRedactor.instance().find(sentence.toString());
        if (spans.isEmpty()) {
            return words;
        }
        List<Word> out = new ArrayList<>(words.size());
        int s = 0;
        int i = 0;
        while (i < words.size()) {
            Word word = words.get(i);
            int end = starts[i] + word.word().length();
            while (s < spans.size() && spans.get(s).end() <= starts[i]) {
                s++;
            }
            if (s == spans.size() || spans.get(s).start() >= end) {
                out.add(word);
                i++;
                continue;
            }
            PiiRedactor.Span span = spans.get(s);
            int last = i;
            double confidence = word.confidence();
            while (last + 1 < words.size() && starts[last + 1] < span.end()) {
                last++;
                confidence = Math.min(confidence, words.get(last).confidence());
            }
            out.add(new Word(span.kind().marker(), word.start(), words.get(last).end(), confidence));
            i = last + 1;
        }
        return out;
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
