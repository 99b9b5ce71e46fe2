package io.aigateway.stt.vosk;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.schemas.json.Json;
import io.aigateway.stt.pcm.PcmAudio;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.SpeechToText;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk speech-to-text on the model loaded once by {@link VoskSpeechToTextProvider} (a Vosk {@link Model} is
 * thread-safe and shared; a {@link Recognizer} is not, and serves one job at a time). At most
 * {@code max-concurrent-recognizers} recognitions run at once; a job waiting longer than {@code recognizer-wait} fails
 * as retryable. Recognizers for free recognition are reset and kept for the next job rather than closed: a new one
 * spends its first audio building caches over the model's graph, a few hundred milliseconds a job on short clips.
 *
 * <p>The audio must be a 16 kHz mono 16-bit PCM WAV ({@link PcmAudio}). It is fed in half-second chunks; whenever Vosk
 * ends an utterance (at a pause, about half a second of silence) its words are final and go out as one partial
 * transcript. Vosk's own hypotheses within an utterance can still change, and partial transcripts are append-only (the
 * pieces joined give the final text), so they are not sent. Words carry start, end and confidence.
 *
 * <p>A phrase list turns the recognizer into a grammar recognizer over those phrases plus {@code [unk]}: speech that
 * matches a phrase is recognized far more reliably, and everything else becomes {@code [unk]} and is dropped. That is a
 * restriction, not a soft bias (the Vosk API has no boost weights): it suits expected answers and commands, not free
 * speech, so it applies only when a job gives phrases. Phrase words outside the model's vocabulary are ignored by Vosk.
 */
public final class VoskSpeechToText implements SpeechToText, AutoCloseable {

    static final String ENGINE = "vosk";
    private static final int CHUNK_BYTES = PcmAudio.SAMPLE_RATE; // half a second of 16-bit samples

    private final Model model;
    private final VoskProperties properties;
    private final Semaphore recognizers;
    /** recognizers for free recognition, reset and kept between jobs (at most one per permit) */
    private final Deque<Pooled> idle = new ConcurrentLinkedDeque<>();

    VoskSpeechToText(Model model, VoskProperties properties) {
        this.model = model;
        this.properties = properties;
        this.recognizers = new Semaphore(properties.maxConcurrentRecognizers(), true);
    }

    @Override
    public Transcript transcribe(TranscriptionRequest request, PartialTranscriptListener partials) {
        checkLanguage(request.language());
        PcmAudio pcm = PcmAudio.fromWav(request.audio());
        acquire();
        Pooled pooled = null;
        boolean reusable = false;
        try {
            pooled = request.phrases().isEmpty()
                    ? borrow()
                    : new Pooled(new Recognizer(model, PcmAudio.SAMPLE_RATE, grammar(request.phrases())));
            Recognizer recognizer = pooled.recognizer;
            double offset = pooled.samplesFed / (double) PcmAudio.SAMPLE_RATE;
            List<Word> words = new ArrayList<>();
            byte[] samples = pcm.samples();
            byte[] chunk = new byte[CHUNK_BYTES];
            for (int at = 0; at < samples.length; at += CHUNK_BYTES) {
                int length = Math.min(CHUNK_BYTES, samples.length - at);
                System.arraycopy(samples, at, chunk, 0, length);
                if (recognizer.acceptWaveForm(chunk, length)) {
                    utterance(recognizer.getResult(), offset, words, partials);
                }
            }
            utterance(recognizer.getFinalResult(), offset, words, partials);
            recognizer.reset();
            pooled.samplesFed += samples.length / 2;
            reusable = request.phrases().isEmpty();
            String text = words.stream().map(Word::word).collect(Collectors.joining(" "));
            return new Transcript(text, request.language(), Math.round(pcm.durationSeconds() * 1000) / 1000.0, words);
        } catch (IOException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE,
                    "Vosk cannot create a recognizer: " + e.getMessage(),
                    false,
                    null,
                    e);
        } finally {
            if (pooled != null) {
                if (reusable) {
                    idle.push(pooled);
                } else {
                    pooled.recognizer.close();
                }
            }
            recognizers.release();
        }
    }

    private Pooled borrow() throws IOException {
        Pooled pooled = idle.poll();
        return pooled != null ? pooled : new Pooled(new Recognizer(model, PcmAudio.SAMPLE_RATE));
    }

    /** Frees the idle recognizers (before the model is freed). */
    @Override
    public void close() {
        for (Pooled pooled = idle.poll(); pooled != null; pooled = idle.poll()) {
            pooled.recognizer.close();
        }
    }

    /**
     * A recognizer kept between jobs, and how many samples it has been fed: after {@link Recognizer#reset()} Vosk
     * keeps counting time from its first sample, so a job's word timings are shifted back by what came before.
     */
    private static final class Pooled {
        final Recognizer recognizer;
        long samplesFed;

        Pooled(Recognizer recognizer) {
            this.recognizer = recognizer;
            recognizer.setWords(true);
        }
    }

    /** The permits of the recognizers, for tests. */
    Semaphore recognizers() {
        return recognizers;
    }

    /** The grammar Vosk takes: a JSON list of phrases in lower case, with {@code [unk]} for everything else. */
    static String grammar(List<String> phrases) {
        List<String> grammar = new ArrayList<>();
        for (String phrase : phrases) {
            String normalized = phrase.toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}' ]+", " ")
                    .replaceAll("\\s+", " ")
                    .strip();
            if (!normalized.isEmpty() && !grammar.contains(normalized)) {
                grammar.add(normalized);
            }
        }
        grammar.add(VoskResults.UNKNOWN);
        return Json.mapper().writeValueAsString(grammar);
    }

    private static void utterance(String json, double offset, List<Word> words, PartialTranscriptListener partials) {
        List<Word> heard = VoskResults.words(json, offset);
        if (heard.isEmpty()) {
            return;
        }
        String text = heard.stream().map(Word::word).collect(Collectors.joining(" "));
        partials.partial(words.isEmpty() ? text : " " + text);
        words.addAll(heard);
    }

    private void checkLanguage(String language) {
        String primary = language.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        if (properties.languages().stream().noneMatch(l -> l.equalsIgnoreCase(primary))) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the Vosk model here understands " + String.join(", ", properties.languages()) + ", not "
                            + language);
        }
    }

    private void acquire() {
        try {
            if (!recognizers.tryAcquire(properties.recognizerWait().toNanos(), TimeUnit.NANOSECONDS)) {
                throw StepException.retryable(
                        ErrorCodes.PROVIDER_UNAVAILABLE,
                        "all " + properties.maxConcurrentRecognizers() + " Vosk recognizers stayed busy for "
                                + properties.recognizerWait().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "interrupted waiting for a Vosk recognizer");
        }
    }
}
