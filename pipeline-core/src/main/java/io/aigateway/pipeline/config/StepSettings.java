package io.aigateway.pipeline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param batchConcurrency batch items worked on at once, taken from the step's batch lane only while no interactive
 *     envelope waits or runs; 0 (the default) means one less than {@code concurrency}, at least 1, so an interactive
 *     job that arrives while a batch runs finds a free slot at once
 * @param batchMaxWait the longest the batch lane goes without starting an item while interactive work holds it back;
 *     past it one batch item starts anyway, so a batch under constant interactive load still moves, an item per
 *     {@code batch-max-wait} at least. Zero turns the aging off (strict priority).
 */
public record StepSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("16") int concurrency,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("10s") Duration shutdownGrace,
        @DefaultValue("10ms") Duration deltaWindow,
        @DefaultValue("0") int batchConcurrency,
        @DefaultValue("15s") Duration batchMaxWait) {

    private static final Duration DEFAULT_BATCH_MAX_WAIT = Duration.ofSeconds(15);

    /** The one the binder uses: a record with a second constructor needs it named, or nothing is bound. */
    @ConstructorBinding
    public StepSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (batchConcurrency < 0) {
            throw new IllegalArgumentException("batch-concurrency must not be negative, was " + batchConcurrency);
        }
        batchMaxWait = batchMaxWait == null ? DEFAULT_BATCH_MAX_WAIT : batchMaxWait;
        if (batchMaxWait.isNegative()) {
            throw new IllegalArgumentException("batch-max-wait must not be negative, was " + batchMaxWait);
        }
    }

    /** Settings with the default batch concurrency and aging. */
    public StepSettings(
            boolean enabled,
            int concurrency,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration shutdownGrace,
            Duration deltaWindow,
            int batchConcurrency) {
        this(
                enabled,
                concurrency,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                shutdownGrace,
                deltaWindow,
                batchConcurrency,
                DEFAULT_BATCH_MAX_WAIT);
    }

    /** Settings with the default batch concurrency. */
    public StepSettings(
            boolean enabled,
            int concurrency,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration shutdownGrace,
            Duration deltaWindow) {
        this(enabled, concurrency, maxAttempts, initialBackoff, maxBackoff, shutdownGrace, deltaWindow, 0);
    }

    /** These settings with another batch aging time, everything else kept. */
    public StepSettings withBatchMaxWait(Duration wait) {
        return new StepSettings(
                enabled,
                concurrency,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                shutdownGrace,
                deltaWindow,
                batchConcurrency,
                wait);
    }

    /** Batch items at once: as configured, else one less than {@code concurrency} and at least 1. */
    public int effectiveBatchConcurrency() {
        return batchConcurrency > 0 ? batchConcurrency : Math.max(1, concurrency - 1);
    }

    public static StepSettings defaults() {
        return new StepSettings(
                true,
                16,
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                0,
                DEFAULT_BATCH_MAX_WAIT);
    }
}
