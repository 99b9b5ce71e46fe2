package io.aigateway.ingress.limits;

import io.aigateway.ingress.problems.ProblemCode;
import java.time.Duration;

/** A tenant is over one of its rates: 429, with how long until a retry can be admitted. */
public class RateLimitedException extends LimitExceededException {

    public RateLimitedException(String detail, Duration retryAfter) {
        super(ProblemCode.RATE_LIMITED, detail, retryAfter);
    }
}
