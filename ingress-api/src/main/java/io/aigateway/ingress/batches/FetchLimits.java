package io.aigateway.ingress.batches;

import java.time.Duration;

/**
 * How much of the shared download pool one request may take, and for how long. The pool ({@code fetch.concurrency}
 * threads) serves every tenant: without a bound, one request naming many slow URLs would hold every thread, and every
 * other tenant's batch would wait behind it. So a request downloads at most {@code perRequest} recordings at once (half
 * the pool, at least one), and all its downloads end within {@code requestTimeout} (twice one download's {@code
 * fetch.timeout}): a download still under way then is cut off, one not started is not started, and the request is
 * refused (504 {@code fetch_timeout}) with nothing published. Derived from the fetch settings, so there is nothing more
 * to configure.
 */
record FetchLimits(int perRequest, Duration requestTimeout) {

    FetchLimits {
        if (perRequest < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("a request needs at least one download at a time and some time");
        }
    }

    static FetchLimits of(BatchProperties.Fetch fetch) {
        return new FetchLimits(
                Math.max(1, fetch.concurrency() / 2), fetch.timeout().multipliedBy(2));
    }
}
