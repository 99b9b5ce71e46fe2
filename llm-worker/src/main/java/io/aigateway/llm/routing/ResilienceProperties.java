package io.aigateway.llm.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retries, fallback and circuit breaking of the llm step ({@code gateway.llm.resilience.*}). This layer alone retries
 * provider failures: the step runtime runs the llm step once ({@code gateway.pipeline.steps.llm.max-attempts: 1}), so
 * the two layers never multiply each other's attempts.
 *
 * @param attemptsPerProvider calls of one provider instance before the next one in the route is tried (at least 1)
 * @param initialBackoff wait before the second call, doubled (with jitter) for each further one
 * @param maxBackoff longest wait between two calls of one instance
 * @param maxRetryAfter a {@code Retry-After} longer than this moves on to the next instance instead of waiting
 * @param breakerFailures consecutive retryable failures that open an instance's breaker
 * @param breakerOpenFor how long an open breaker refuses calls before one trial call is let through
 */
@ConfigurationProperties("gateway.llm.resilience")
public record ResilienceProperties(
        @DefaultValue("2") int attemptsPerProvider,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("10s") Duration maxRetryAfter,
        @DefaultValue("5") int breakerFailures,
        @DefaultValue("30s") Duration breakerOpenFor) {

    public ResilienceProperties {
        if (attemptsPerProvider < 1) {
            throw new IllegalArgumentException("gateway.llm.resilience.attempts-per-provider must be at least 1");
        }
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("gateway.llm.resilience.breaker-failures must be at least 1");
        }
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(2) : maxBackoff;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(10) : maxRetryAfter;
        breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(30) : breakerOpenFor;
    }

    public static ResilienceProperties defaults() {
        return new ResilienceProperties(
                2, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10), 5, Duration.ofSeconds(30));
    }
}
