package io.aigateway.results.streams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the result store: UP only while its Streams instance is RUNNING. While it starts, restores its stores or
 * rebalances it cannot answer queries, so it is OUT_OF_SERVICE; a failed instance is DOWN.
 */
public final class ResultStoreHealthIndicator implements HealthIndicator {

    private final ResultStoreStreams streams;

    public ResultStoreHealthIndicator(ResultStoreStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        var state = streams.state();
        Health.Builder health = switch (state) {
            case RUNNING -> Health.up();
            case ERROR, PENDING_ERROR -> Health.down();
            default -> Health.outOfService();
        };
        return health.withDetail("state", state.name()).build();
    }
}
