package io.aigateway.load.replay;

import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Republishes recorded jobs as new jobs at a pace, through {@link JobRepublisher}: each copy is a new job (fresh ids,
 * {@code replay-...} correlation id, {@code x-replay-of} naming the original, out of its batch).
 *
 * <p>With a mock model, every job whose route runs the LLM step asks for that model instead, so a route configured
 * with only mock providers answers it. With mock providers, every copy is marked {@code options.mockProviders}: every
 * step of it runs on its worker's mock provider, whatever the worker is configured with, so no provider is billed.
 */
public final class Replayer {

    /** How one replay went: jobs handed to the broker, and those the broker did not take. */
    public record Sent(long sent, long failed, Duration elapsed) {}

    private final JobRepublisher republisher;
    private final String mockModel;
    private final boolean mockProviders;

    /**
     * @param mockModel the model every replayed LLM job asks for, or null to keep each job's own
     * @param mockProviders whether every replayed job runs on the workers' mock providers
     */
    public Replayer(GatewayProducer producer, Clock clock, String mockModel, boolean mockProviders) {
        this.republisher = new JobRepublisher(producer, clock);
        this.mockModel = mockModel == null || mockModel.isBlank() ? null : mockModel.trim();
        this.mockProviders = mockProviders;
    }

    /** The copy of a recorded job that the replay publishes. */
    public JobEnvelope copyOf(JobEnvelope original) {
        return republisher.copyOf(original, JobRepublisher.Kind.REPLAY, options -> {
            JobOptions rewritten = options;
            if (mockModel != null && original.route().contains(Step.LLM)) {
                rewritten = new JobOptions(
                        options.language(),
                        options.voice(),
                        mockModel,
                        options.maxTokens(),
                        options.temperature(),
                        options.topK(),
                        options.redactPii(),
                        options.phrases(),
                        options.mockProviders());
            }
            return mockProviders ? rewritten.withMockProviders(true) : rewritten;
        });
    }

    /**
     * Publishes a copy of each job at its time under the pacing, telling {@code onSending} each copy's correlation id
     * before it is sent and {@code onFailed} those the broker did not take; returns once every send is settled.
     */
    public Sent replay(
            List<RecordedJob> jobs,
            Pacing pacing,
            Consumer<String> onSending,
            Consumer<String> onFailed,
            Consumer<Long> progress) {
        long start = System.nanoTime();
        long first = jobs.isEmpty() ? 0 : jobs.get(0).timestamp();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            RecordedJob recorded = jobs.get(i);
            long due = start + pacing.offsetNanos(i, recorded.timestamp() - first);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            JobEnvelope copy = copyOf(recorded.envelope());
            onSending.accept(copy.correlationId());
            CompletableFuture<?> sent = republisher
                    .publish(
                            copy,
                            JobRepublisher.Kind.REPLAY,
                            recorded.envelope().jobId())
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            onFailed.accept(copy.correlationId());
                        }
                    });
            sends.add(sent);
            if ((i & 1023) == 0) {
                sends.removeIf(CompletableFuture::isDone);
            }
            progress.accept((long) i + 1);
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            // counted per job above
        }
        return new Sent(jobs.size() - failed.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start));
    }
}
