package io.aigateway.ingress.limits;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import java.time.Duration;

/** A tenant's limit refused a request; {@code Retry-After} says when the same request could be admitted. */
public abstract class LimitExceededException extends ApiException {

    private final Duration retryAfter;

    protected LimitExceededException(ProblemCode code, String detail, Duration retryAfter) {
        super(code, detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    @Override
    public String retryAfterSeconds() {
        return String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
