package io.aigateway.ingress.limits;

import io.aigateway.ingress.problems.ProblemCode;
import java.time.Duration;

/**
 * A tenant has used its quota for the period: 403 with {@code quota_exceeded}, as Azure API Management answers a quota
 * (a rate is 429, {@link RateLimitedException}).
 */
public class QuotaExceededException extends LimitExceededException {

    public QuotaExceededException(String detail, Duration retryAfter) {
        super(ProblemCode.QUOTA_EXCEEDED, detail, retryAfter);
    }
}
