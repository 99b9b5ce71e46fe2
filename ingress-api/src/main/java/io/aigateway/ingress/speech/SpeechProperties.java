package io.aigateway.ingress.speech;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The speech endpoints' settings ({@code gateway.ingress.speech.*}).
 *
 * @param maxAudioBytes largest audio upload; larger ones are refused with 413 {@code payload_too_large}
 * @param maxDuration longest audio; longer is refused with 413 {@code audio_too_long}
 * @param ffmpeg whether ffmpeg (when it is on the PATH) converts Ogg, MP3, WebM, Opus, FLAC and M4A; off, only WAV is
 *     taken
 * @param ffmpegTimeout how long one ffmpeg run may take before it is killed ({@code transcoding_failed})
 * @param syncTimeout how long the OpenAI-compatible endpoints wait for the job before answering 202 with the job to
 *     follow up
 * @param syncPollInterval how often a waiting OpenAI-compatible request reads the job's state
 * @param maxPhrases most phrases in a transcription's phrase list
 */
@ConfigurationProperties("gateway.ingress.speech")
public record SpeechProperties(
        @DefaultValue("25MB") DataSize maxAudioBytes,
        @DefaultValue("10m") Duration maxDuration,
        @DefaultValue("true") boolean ffmpeg,
        @DefaultValue("60s") Duration ffmpegTimeout,
        @DefaultValue("60s") Duration syncTimeout,
        @DefaultValue("100ms") Duration syncPollInterval,
        @DefaultValue("200") int maxPhrases) {

    public SpeechProperties {
        if (maxAudioBytes == null || maxAudioBytes.toBytes() < 1) {
            throw new IllegalArgumentException("gateway.ingress.speech.max-audio-bytes must be positive");
        }
        positive(maxDuration, "max-duration");
        positive(ffmpegTimeout, "ffmpeg-timeout");
        positive(syncTimeout, "sync-timeout");
        positive(syncPollInterval, "sync-poll-interval");
        if (maxPhrases < 0) {
            throw new IllegalArgumentException("gateway.ingress.speech.max-phrases must not be negative");
        }
    }

    public static SpeechProperties defaults() {
        return new SpeechProperties(
                DataSize.ofMegabytes(25),
                Duration.ofMinutes(10),
                true,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofMillis(100),
                200);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("gateway.ingress.speech." + name + " must be positive");
        }
    }
}
