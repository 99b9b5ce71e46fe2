package io.aigateway.ingress.limits;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import java.time.Duration;

/** A tenant is over one of its rates: 429, with how long until a retry can be admitted. */
public class RateLimitedException extends ApiException {

    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(ProblemCode.RATE_LIMITED, detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    @Override
    public String retryAfterSeconds() {
        return String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
