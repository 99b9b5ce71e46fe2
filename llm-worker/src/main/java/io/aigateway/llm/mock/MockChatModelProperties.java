package io.aigateway.llm.mock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the mock chat model ({@code gateway.llm.mock.*}).
 *
 * @param tokenDelay pause before each streamed token, so streaming can be watched; zero means no pause at all
 * @param failure the failure every call shows ({@code none} by default), for tests of the failure paths
 * @param failuresBeforeSuccess with a {@code failure} set: how many calls fail before the model answers normally; 0
 *     means every call fails
 * @param directivesEnabled whether a question containing {@code #mock-fail:<mode>} fails that call in that mode, which
 *     lets end-to-end tests against a running gateway exercise failures
 * @param retryAfter the {@code Retry-After} hint of a simulated rate limit
 */
@ConfigurationProperties("gateway.llm.mock")
public record MockChatModelProperties(
        @DefaultValue("0ms") Duration tokenDelay,
        @DefaultValue("none") MockFailure failure,
        @DefaultValue("0") int failuresBeforeSuccess,
        @DefaultValue("true") boolean directivesEnabled,
        @DefaultValue("1s") Duration retryAfter) {

    public MockChatModelProperties {
        tokenDelay = tokenDelay == null ? Duration.ZERO : tokenDelay;
        failure = failure == null ? MockFailure.NONE : failure;
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        if (tokenDelay.isNegative()) {
            throw new IllegalArgumentException("gateway.llm.mock.token-delay must not be negative");
        }
        if (failuresBeforeSuccess < 0) {
            throw new IllegalArgumentException("gateway.llm.mock.failures-before-success must not be negative");
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("gateway.llm.mock.retry-after must not be negative");
        }
    }

    /** The defaults: no delay, no failures, directives on. */
    public static MockChatModelProperties defaults() {
        return new MockChatModelProperties(Duration.ZERO, MockFailure.NONE, 0, true, Duration.ofSeconds(1));
    }
}
