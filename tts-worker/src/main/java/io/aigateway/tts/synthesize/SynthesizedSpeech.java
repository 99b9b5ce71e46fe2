package io.aigateway.tts.synthesize;

import java.util.Objects;

/**
 * Audio a {@link SpeechSynthesizer} produced.
 *
 * @param audio the encoded audio (a whole file, for example a WAV)
 * @param contentType its media type, for example {@code audio/wav}
 * @param durationSeconds how long it plays
 */
public record SynthesizedSpeech(byte[] audio, String contentType, double durationSeconds) {

    public SynthesizedSpeech {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(contentType, "contentType");
    }
}
