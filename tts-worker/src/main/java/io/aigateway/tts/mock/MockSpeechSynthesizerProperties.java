package io.aigateway.tts.mock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the mock synthesizer ({@code gateway.tts.mock.*}).
 *
 * @param perCharacter how long each character of the text sounds
 * @param maxDuration the longest audio it produces; longer texts are cut there
 */
@ConfigurationProperties("gateway.tts.mock")
public record MockSpeechSynthesizerProperties(
        @DefaultValue("60ms") Duration perCharacter,
        @DefaultValue("30s") Duration maxDuration) {

    public MockSpeechSynthesizerProperties {
        perCharacter = perCharacter == null ? Duration.ofMillis(60) : perCharacter;
        maxDuration = maxDuration == null ? Duration.ofSeconds(30) : maxDuration;
        if (perCharacter.toMillis() < 1) {
            throw new IllegalArgumentException("gateway.tts.mock.per-character must be at least 1ms");
        }
        if (maxDuration.compareTo(perCharacter) < 0 || maxDuration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "gateway.tts.mock.max-duration must lie between per-character and 10 minutes");
        }
    }

    public static MockSpeechSynthesizerProperties defaults() {
        return new MockSpeechSynthesizerProperties(Duration.ofMillis(60), Duration.ofSeconds(30));
    }
}
