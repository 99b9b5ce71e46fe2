package io.aigateway.ingress.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and timing of job submission ({@code gateway.ingress.*}).
 *
 * @param publishTimeout how long a submission waits for the broker's acknowledgement before answering 503
 * @param publishThreads threads that hand jobs to the Kafka producer (whose send blocks while it has no metadata)
 * @param publishQueue submissions waiting for a publish thread; beyond it the answer is 503 at once
 * @param defaultDeadline a job's deadline, counted from its acceptance
 * @param maxBodyBytes largest request body on {@code /v1/*}; larger ones are refused with 413 before they are read
 * @param maxInputChars longest input: the text plus the contents of the earlier messages
 * @param maxMessages most earlier messages of a conversation
 * @param maxRouteLength most steps in a route
 * @param maxTokens largest {@code options.maxTokens}
 * @param maxTopK largest {@code options.topK}
 */
@ConfigurationProperties("gateway.ingress")
public record SubmissionProperties(
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("8") int publishThreads,
        @DefaultValue("1000") int publishQueue,
        @DefaultValue("5m") Duration defaultDeadline,
        @DefaultValue("256KB") DataSize maxBodyBytes,
        @DefaultValue("32000") int maxInputChars,
        @DefaultValue("50") int maxMessages,
        @DefaultValue("8") int maxRouteLength,
        @DefaultValue("8192") int maxTokens,
        @DefaultValue("50") int maxTopK) {

    public SubmissionProperties {
        positive(publishTimeout, "publish-timeout");
        positive(defaultDeadline, "default-deadline");
        atLeastOne(publishThreads, "publish-threads");
        atLeastOne(publishQueue, "publish-queue");
        atLeastOne(maxInputChars, "max-input-chars");
        atLeastOne(maxMessages, "max-messages");
        atLeastOne(maxRouteLength, "max-route-length");
        atLeastOne(maxTokens, "max-tokens");
        atLeastOne(maxTopK, "max-top-k");
        if (maxBodyBytes == null || maxBodyBytes.toBytes() < 1) {
            throw new IllegalArgumentException("gateway.ingress.max-body-bytes must be positive");
        }
    }

    public static SubmissionProperties defaults() {
        return new SubmissionProperties(
                Duration.ofSeconds(5),
                8,
                1000,
                Duration.ofMinutes(5),
                DataSize.ofKilobytes(256),
                32_000,
                50,
                8,
                8192,
                50);
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("gateway.ingress." + name + " must be positive");
        }
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("gateway.ingress." + name + " must be at least 1");
        }
    }
}
