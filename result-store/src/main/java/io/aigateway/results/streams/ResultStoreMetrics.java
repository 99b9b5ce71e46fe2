package io.aigateway.results.streams;

import io.aigateway.results.topology.JobOutcomes;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.StepState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The result store's metrics: {@code gateway.results.jobs}, the job states this instance holds (an estimate; NaN while
 * the stores cannot be read), and, as jobs end, {@code gateway.jobs.finished} and {@code gateway.jobs.duration} by
 * route ({@code stt>rag>llm>tts}, as the ingress names it) and outcome ({@code completed}, {@code failed}, {@code cancelled}). Every job's events
 * go through exactly one instance, so summing over instances counts each job once (a crash may count one twice).
 * Streams' own metrics are bound by {@link ResultStoreStreams}.
 */
public final class ResultStoreMetrics implements JobOutcomes {

    private final MeterRegistry registry;

    public ResultStoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void bindTo(ResultStoreStreams streams) {
        Gauge.builder("gateway.results.jobs", streams, s -> {
                    long count = s.approximateJobCount();
                    return count < 0 ? Double.NaN : count;
                })
                .description("Job states held by this result-store instance (approximate)")
                .register(registry);
    }

    @Override
    public void finished(JobState state) {
        String route =
                state.steps().stream().map(StepState::step).map(s -> s.id()).collect(Collectors.joining(">"));
        String outcome = state.status().name().toLowerCase(Locale.ROOT);
        Counter.builder("gateway.jobs.finished")
                .description("jobs that ended, by route and outcome")
                .tags("route", route, "outcome", outcome)
                .register(registry)
                .increment();
        if (state.createdAt() != null && state.updatedAt() != null) {
            Timer.builder("gateway.jobs.duration")
                    .description("from acceptance to the job's last event")
                    .tags("route", route, "outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.between(state.createdAt(), state.updatedAt()));
        }
    }
}
