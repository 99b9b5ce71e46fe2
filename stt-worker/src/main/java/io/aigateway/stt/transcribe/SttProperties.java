package io.aigateway.stt.transcribe;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the stt step ({@code gateway.stt.*}).
 *
 * @param provider which speech-to-text provider transcribes: {@code vosk}, {@code azure-speech} or {@code mock}
 * @param defaultLanguage the spoken language assumed when a job names none
 * @param maxAudioSize the largest audio blob the worker reads into memory; larger ones are refused as invalid input
 */
@ConfigurationProperties("gateway.stt")
public record SttProperties(
        @DefaultValue("mock") String provider,
        @DefaultValue("en-US") String defaultLanguage,
        @DefaultValue("100MB") DataSize maxAudioSize) {

    public SttProperties {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("gateway.stt.provider must name a provider");
        }
        if (defaultLanguage == null || defaultLanguage.isBlank()) {
            throw new IllegalArgumentException("gateway.stt.default-language must not be blank");
        }
        if (maxAudioSize == null || maxAudioSize.toBytes() < 1) {
            throw new IllegalArgumentException("gateway.stt.max-audio-size must be positive");
        }
    }

    public static SttProperties defaults() {
        return new SttProperties("mock", "en-US", DataSize.ofMegabytes(100));
    }
}
