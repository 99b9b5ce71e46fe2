package io.aigateway.pipeline.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * A classified failure of a step. {@code code} is stable and machine-readable (it reaches clients in the {@code failed}
 * event); {@code retryable} says whether trying again may help; {@code retryAfter} is the provider's own hint, honoured
 * by the backoff.
 */
public class StepException extends RuntimeException {

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    public StepException(String code, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public StepException(String code, String message, boolean retryable) {
        this(code, message, retryable, null, null);
    }

    public static StepException retryable(String code, String message) {
        return new StepException(code, message, true);
    }

    public static StepException permanent(String code, String message) {
        return new StepException(code, message, false);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
