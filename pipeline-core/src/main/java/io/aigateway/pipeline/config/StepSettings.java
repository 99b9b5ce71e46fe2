package io.aigateway.pipeline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How one step's runtime behaves ({@code gateway.pipeline.steps.<step>.*}).
 *
 * @param enabled whether this instance runs the step at all
 * @param concurrency envelopes worked on at once; records beyond it wait in Kafka (the consumer pauses)
 * @param maxAttempts attempts per envelope for retryable failures and for unexpected errors before the dead-letter topic
 * @param initialBackoff first wait before a retry; doubles each time, with jitter
 * @param maxBackoff longest wait between attempts, also the cap on a provider's {@code Retry-After}
 * @param shutdownGrace how long a stopping worker waits for envelopes in flight before it lets them be redelivered
 * @param deltaWindow streamed output that arrives within this time of the last {@code delta} event is sent together
 *     in the next one, so a fast stream costs a few events instead of one per token; a slow stream (a token every
 *     20 ms or more) still sends each token at once. Zero sends every piece as its own event.
 */
public record StepSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("16") int concurrency,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("10s") Duration shutdownGrace,
        @DefaultValue("10ms") Duration deltaWindow) {

    public static StepSettings defaults() {
        return new StepSettings(
                true,
                16,
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofMillis(10));
    }
}
