package io.aigateway.rag.retrieve;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the rag step ({@code gateway.rag.*}).
 *
 * @param provider which retrieval provider searches ({@code mock} today)
 * @param defaultTopK passages returned when a job does not say how many
 * @param maxTopK the most passages any job gets, whatever it asks for
 */
@ConfigurationProperties("gateway.rag")
public record RagProperties(
        @DefaultValue("mock") String provider,
        @DefaultValue("4") int defaultTopK,
        @DefaultValue("20") int maxTopK) {

    public RagProperties {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("gateway.rag.provider must name a provider");
        }
        if (defaultTopK < 1) {
            throw new IllegalArgumentException("gateway.rag.default-top-k must be at least 1, was " + defaultTopK);
        }
        if (maxTopK < defaultTopK) {
            throw new IllegalArgumentException("gateway.rag.max-top-k (" + maxTopK
                    + ") must not be below gateway.rag.default-top-k (" + defaultTopK + ")");
        }
    }

    public static RagProperties defaults() {
        return new RagProperties("mock", 4, 20);
    }
}
