package io.aigateway.stt.mock;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.SpeechToText;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A <b>mock</b> speech-to-text engine: deterministic and offline, it recognises no speech. It exists so the gateway
 * runs and is testable end to end without a speech model; real engines (Vosk locally, Azure Speech in production) come
 * as adapters beside it.
 *
 * <p>What it "hears": a blob of type {@code text/plain} (UTF-8) is taken as the words spoken, which lets tests and
 * demos simulate speech without audio; each word lasts {@code gateway.stt.mock.word-duration}. A WAV file (RIFF
 * header, any content type) gives the transcript {@code "mock transcript of 3.2 seconds of audio"}, its duration read
 * from the header. Word timings are spread evenly over the duration, every confidence is 1.0, and the words stream as
 * partial transcripts one by one. Anything else is {@code invalid_input}.
 */
public final class MockSpeechToText implements SpeechToText {

    private final MockSpeechToTextProperties properties;

    public MockSpeechToText(MockSpeechToTextProperties properties) {
        this.properties = properties;
    }

    @Override
    public Transcript transcribe(TranscriptionRequest request, PartialTranscriptListener partials) {
        List<String> words;
        double duration;
        if (isPlainText(request.contentType())) {
            String text = new String(request.audio(), StandardCharsets.UTF_8).trim();
            words = text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
            duration = words.size() * properties.wordDuration().toNanos() / 1e9;
        } else if (WavHeader.looksLikeWav(request.audio())) {
            duration = wavDuration(request.audio());
            words = Arrays.asList(String.format(Locale.ROOT, "mock transcript of %.1f seconds of audio", duration)
                    .split(" "));
        } else {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the mock speech-to-text understands WAV audio " + "and text/plain only, not "
                            + request.contentType());
        }

        List<Word> timed = new ArrayList<>(words.size());
        double slot = words.isEmpty() ? 0 : duration / words.size();
        for (int i = 0; i < words.size(); i++) {
            timed.add(new Word(words.get(i), millis(i * slot), millis((i + 1) * slot), 1.0));
            partials.partial(i + 1 < words.size() ? words.get(i) + " " : words.get(i));
        }
        return new Transcript(String.join(" ", words), request.language(), millis(duration), timed);
    }

    private static double wavDuration(byte[] audio) {
        try {
            return WavHeader.parse(audio).durationSeconds();
        } catch (IllegalArgumentException e) {
            throw new StepException(
                    ErrorCodes.INVALID_INPUT, "unreadable WAV audio: " + e.getMessage(), false, null, e);
        }
    }

    private static boolean isPlainText(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("text/plain");
    }

    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
