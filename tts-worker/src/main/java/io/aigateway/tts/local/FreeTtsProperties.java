package io.aigateway.tts.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local voices ({@code gateway.tts.freetts.*}): FreeTTS in the JVM, and the limits every local voice
 * shares.
 *
 * @param voice the voice a job gets when it names none or names {@code default}
 * @param poolSize how many FreeTTS voices are allocated; a FreeTTS voice speaks one text at a time, so this is how
 *     many texts FreeTTS speaks at once
 * @param voiceWait how long a job waits for a free FreeTTS voice before failing as retryable
 * @param maxTextLength the longest text, in characters, any local voice speaks; longer texts are invalid input
 */
@ConfigurationProperties("gateway.tts.freetts")
public record FreeTtsProperties(
        @DefaultValue("kevin16") String voice,
        @DefaultValue("2") int poolSize,
        @DefaultValue("30s") Duration voiceWait,
        @DefaultValue("5000") int maxTextLength) {

    public FreeTtsProperties {
        voice = voice == null || voice.isBlank() ? "kevin16" : voice.trim();
        voiceWait = voiceWait == null ? Duration.ofSeconds(30) : voiceWait;
        if (poolSize < 1 || poolSize > 64) {
            throw new IllegalArgumentException("gateway.tts.freetts.pool-size must be between 1 and 64");
        }
        if (voiceWait.isNegative()) {
            throw new IllegalArgumentException("gateway.tts.freetts.voice-wait must not be negative");
        }
        if (maxTextLength < 1) {
            throw new IllegalArgumentException("gateway.tts.freetts.max-text-length must be positive");
        }
    }

    public static FreeTtsProperties defaults() {
        return new FreeTtsProperties("kevin16", 2, Duration.ofSeconds(30), 5000);
    }
}
