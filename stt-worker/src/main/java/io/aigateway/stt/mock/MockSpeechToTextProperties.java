package io.aigateway.stt.mock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the mock speech-to-text engine ({@code gateway.stt.mock.*}).
 *
 * @param wordDuration how long each word of a {@code text/plain} "recording" is taken to last, which sets the word
 *     timings and the duration of its transcript (400 ms is about 150 words a minute)
 */
@ConfigurationProperties("gateway.stt.mock")
public record MockSpeechToTextProperties(
        @DefaultValue("400ms") Duration wordDuration) {

    public MockSpeechToTextProperties {
        wordDuration = wordDuration == null ? Duration.ofMillis(400) : wordDuration;
        if (wordDuration.isNegative() || wordDuration.isZero()) {
            throw new IllegalArgumentException("gateway.stt.mock.word-duration must be positive");
        }
    }

    public static MockSpeechToTextProperties defaults() {
        return new MockSpeechToTextProperties(Duration.ofMillis(400));
    }
}
