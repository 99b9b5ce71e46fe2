package io.aigateway.results.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The result store's own gauge, {@code gateway.results.jobs}: job states this instance holds (an estimate; NaN while
 * the stores cannot be read). Streams' own metrics are bound by {@link ResultStoreStreams}.
 */
public final class ResultStoreMetrics implements MeterBinder {

    private final ResultStoreStreams streams;

    public ResultStoreMetrics(ResultStoreStreams streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("gateway.results.jobs", streams, s -> {
                    long count = s.approximateJobCount();
                    return count < 0 ? Double.NaN : count;
                })
                .description("Job states held by this result-store instance (approximate)")
                .register(registry);
    }
}
