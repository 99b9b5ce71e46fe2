package io.aigateway.ingress.speech;

import io.aigateway.ingress.results.JobLookup;
import io.aigateway.schemas.state.JobState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for a job to finish without holding a servlet thread: its state is read from the result store ({@link
 * JobLookup}) every poll interval on one scheduler thread. Completes with the finished state, or when the time runs out
 * with the last state seen (empty if the store never knew the job), so the caller can name the job to follow up. A
 * store that fails meanwhile is read again at the next tick.
 */
public final class JobWaiter implements AutoCloseable {

    private final JobLookup jobs;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ingress-job-waiter");
        t.setDaemon(true);
        return t;
    });

    public JobWaiter(JobLookup jobs, Duration interval) {
        this.jobs = jobs;
        this.interval = interval;
    }

    public CompletableFuture<Optional<JobState>> await(String jobId, String tenantId, Duration timeout) {
        CompletableFuture<Optional<JobState>> result = new CompletableFuture<>();
        AtomicReference<Optional<JobState>> last = new AtomicReference<>(Optional.empty());
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(scheduler.scheduleWithFixedDelay(
                () -> {
                    if (result.isDone()) {
                        cancel(task.get());
                        return;
                    }
                    try {
                        Optional<JobState> state = jobs.state(jobId, tenantId);
                        if (state.isPresent()) {
                            last.set(state);
                            if (state.get().status().isTerminal()) {
                                result.complete(state);
                            }
                        }
                    } catch (RuntimeException e) {
                        // the store is away for a moment: read again at the next tick
                    }
                    if (!result.isDone() && System.nanoTime() - deadline > 0) {
                        result.complete(last.get());
                    }
                    if (result.isDone()) {
                        cancel(task.get());
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS));
        return result;
    }

    /** The first run may come before the task was stored; it is then cancelled by the next one. */
    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
