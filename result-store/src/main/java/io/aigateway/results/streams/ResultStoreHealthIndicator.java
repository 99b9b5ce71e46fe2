package io.aigateway.results.streams;

import io.aigateway.pipeline.ops.ReadinessCheck;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the result store: UP only while its Streams instance is RUNNING. While it starts, restores its stores or
 * rebalances it cannot answer queries, so it is OUT_OF_SERVICE; a failed instance is DOWN.
 */
public final class ResultStoreHealthIndicator implements HealthIndicator, ReadinessCheck {

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

    @Override
    public String name() {
        return "resultStore";
    }

    /** For {@code /ready}: the same rule, RUNNING or not. */
    @Override
    public Status check() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING
                ? Status.ready("streams " + state)
                : Status.notReady("streams " + state);
    }
}
