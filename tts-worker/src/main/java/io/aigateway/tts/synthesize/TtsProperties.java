package io.aigateway.tts.synthesize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the tts step ({@code gateway.tts.*}).
 *
 * @param provider which speech synthesis provider speaks: {@code freetts}, {@code azure-speech} or {@code mock}
 * @param defaultVoice the voice used when a job names none
 */
@ConfigurationProperties("gateway.tts")
public record TtsProperties(
        @DefaultValue("mock") String provider,
        @DefaultValue("default") String defaultVoice) {

    public TtsProperties {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("gateway.tts.provider must name a provider");
        }
        if (defaultVoice == null || defaultVoice.isBlank()) {
            throw new IllegalArgumentException("gateway.tts.default-voice must not be blank");
        }
    }

    public static TtsProperties defaults() {
        return new TtsProperties("mock", "default");
    }
}
