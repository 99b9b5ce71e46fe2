package io.aigateway.ingress.documents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the knowledge-base API ({@code gateway.ingress.documents.*}).
 *
 * @param maxBytes largest document content (UTF-8 bytes); the request body limit {@code gateway.ingress.max-body-bytes}
 *     applies before it
 * @param inlineMaxBytes content up to this size rides in the {@code gw.documents} record; larger content goes to the
 *     blob store and the record carries its reference (claim-check)
 * @param maxTitleChars longest title
 * @param maxDocumentsPerTenant most documents a tenant may have
 * @param publishTimeout how long a write waits for the broker's acknowledgement before answering 503
 * @param viewWait how long an acknowledged write waits for this instance's view to show it, so a list right after a
 *     202 includes it (the write is durable either way)
 */
@ConfigurationProperties("gateway.ingress.documents")
public record DocumentProperties(
        @DefaultValue("200KB") DataSize maxBytes,
        @DefaultValue("64KB") DataSize inlineMaxBytes,
        @DefaultValue("300") int maxTitleChars,
        @DefaultValue("10000") int maxDocumentsPerTenant,
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("2s") Duration viewWait) {

    public static DocumentProperties defaults() {
        return new DocumentProperties(
                DataSize.ofKilobytes(200),
                DataSize.ofKilobytes(64),
                300,
                10_000,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2));
    }
}
