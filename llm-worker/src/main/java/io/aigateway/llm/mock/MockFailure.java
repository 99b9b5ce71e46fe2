package io.aigateway.llm.mock;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the {@link MockChatModel} fails on purpose, so tests can exercise the pipeline's retry, dead-letter and
 * interrupted-stream paths without a real provider misbehaving. The id is what configuration and the
 * {@code #mock-fail:<id>} directive use.
 */
public enum MockFailure {
    /** Answer normally. */
    NONE("none"),
    /** A 429: retryable {@code provider_rate_limited} with a {@code Retry-After}. */
    RATE_LIMITED("rate-limited"),
    /** A 5xx or an unreachable provider: retryable {@code provider_unavailable}. */
    UNAVAILABLE("unavailable"),
    /** A 400: non-retryable {@code provider_rejected}. */
    REJECTED("rejected"),
    /** The stream breaks after some tokens went out: retryable {@code provider_unavailable} after deltas. */
    MID_STREAM("mid-stream"),
    /** An {@link IllegalStateException}, the shape of a bug rather than a provider failure. */
    CRASH("crash");

    private final String id;

    MockFailure(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The mode with this id (case-insensitive, {@code _} accepted for {@code -}); empty when there is none. */
    public static Optional<MockFailure> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst();
    }
}
