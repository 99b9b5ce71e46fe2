package io.aigateway.load.http;

import io.aigateway.load.cli.Ids;
import io.aigateway.load.replay.TerminalWatch;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * HTTP load on the gateway, open or closed.
 *
 * <ul>
 *   <li>At a fixed rate (open model): requests start on schedule whatever the answers do, and each latency is taken
 *       from when the request was due, not sent, so a stall is not hidden (no coordinated omission).
 *   <li>At a fixed concurrency (closed model): N requests in flight, each starting when one ends; latency from send.
 * </ul>
 *
 * A request succeeds on {@code 202}; with a {@link TerminalWatch} it ends only at its job's terminal event
 * ({@code completed} counts as success), followed by the correlation id the request carries.
 */
public final class HttpLoad {

    /** What one run measured. */
    public record Result(
            Histogram latencyMicros,
            long started,
            long ok,
            long failed,
            long unfinished,
            Map<String, Long> failures,
            double sendSeconds,
            double seconds) {

        public double throughput() {
            return ok / Math.max(1e-9, sendSeconds);
        }

        public double ms(double percentile) {
            return latencyMicros.getTotalCount() == 0
                    ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final HttpClient http;
    private final ExecutorService httpThreads;
    private final Traffic traffic;
    private final String apiKey;
    private final TerminalWatch watch;
    private final Duration timeout;
    private final Recorder recorder = new Recorder(3_600_000_000L, 3);
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final boolean followProgress;
    private final java.util.concurrent.ScheduledExecutorService polls =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "http-load-poll");
                t.setDaemon(true);
                return t;
            });
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(long due, Semaphore slot) {}

    private final Recorder live = new Recorder(3_600_000_000L, 2);
    private volatile boolean measuring;
    private volatile long runStart;

    /**
     * @param watch follows each job to its end, or null to count a request done at its 202
     * @param followProgress follow what each request started by polling its progress document (batches) to its end
     */
    public HttpLoad(
            Traffic traffic,
            String apiKey,
            TerminalWatch watch,
            boolean followProgress,
            Duration timeout,
            int ioThreads) {
        this.followProgress = followProgress;
        this.traffic = traffic;
        this.apiKey = apiKey;
        this.watch = watch;
        this.timeout = timeout;
        this.httpThreads = Executors.newFixedThreadPool(ioThreads, r -> {
            Thread t = new Thread(r, "http-load");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        if (watch != null) {
            watch.listen(this::onEnd);
        }
    }

    public long started() {
        return started.get();
    }

    public long ok() {
        return ok.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Seconds since the current run started. */
    public long elapsedSeconds() {
        return runStart == 0 ? 0 : (System.nanoTime() - runStart) / 1_000_000_000L;
    }

    /** A short status for the progress bar: rate and p99 of the last interval. */
    public String status() {
        Histogram h = live.getIntervalHistogram();
        return String.format(
                "ok %,d failed %,d p99 %s",
                ok.get(),
                failed.get(),
                h.getTotalCount() == 0 ? "-" : String.format("%.1fms", h.getValueAtPercentile(99) / 1000.0));
    }

    /** Requests at {@code rate} per second for {@code seconds}; measured when {@code measure}. */
    public Result atRate(double rate, int seconds, boolean measure) throws InterruptedException {
        reset(measure);
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        runStart = start;
        long total = (long) (rate * seconds);
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            fire(i, due, null);
        }
        return finish(start);
    }

    /** {@code concurrency} requests in flight for {@code seconds}; measured when {@code measure}. */
    public Result atConcurrency(int concurrency, int seconds, boolean measure) throws InterruptedException {
        reset(measure);
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        runStart = start;
        long until = start + seconds * 1_000_000_000L;
        long i = 0;
        while (System.nanoTime() < until) {
            if (!slots.tryAcquire(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                continue;
            }
            fire(i++, System.nanoTime(), slots);
        }
        return finish(start);
    }

    private void reset(boolean measure) {
        measuring = measure;
        recorder.reset();
        started.set(0);
        ok.set(0);
        failed.set(0);
        failures.clear();
    }

    private Result finish(long start) throws InterruptedException {
        long sent = System.nanoTime();
        long drainUntil = sent + timeout.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10); // waiting for the last answers or job ends
        }
        long unfinished = outstanding.get();
        Map<String, Long> byReason = new TreeMap<>();
        failures.forEach((k, v) -> byReason.put(k, v.get()));
        if (unfinished > 0) {
            byReason.put("unfinished", unfinished);
        }
        return new Result(
                recorder.getIntervalHistogram(),
                started.get(),
                ok.get(),
                failed.get(),
                unfinished,
                byReason,
                (sent - start) / 1e9,
                (System.nanoTime() - start) / 1e9);
    }

    private void fire(long i, long due, Semaphore slot) {
        started.incrementAndGet();
        outstanding.incrementAndGet();
        String correlationId = Ids.random("load-");
        HttpRequest.Builder builder =
                HttpRequest.newBuilder().timeout(timeout).header("X-Correlation-Id", correlationId);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        if (watch != null) {
            pending.put(correlationId, new Pending(due, slot));
            watch.watch(correlationId, due);
        }
        HttpRequest request = traffic.request(i, builder);
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 202) {
                fail(error != null ? error.getClass().getSimpleName() : "http " + response.statusCode());
                if (watch == null) {
                    done(slot);
                } else if (watch.forget(correlationId) && pending.remove(correlationId) != null) {
                    done(slot);
                }
                return;
            }
            if (followProgress) {
                var progress = traffic.progress(response.body());
                if (progress.isEmpty()) {
                    fail("no progress link");
                    done(slot);
                } else {
                    poll(progress.get(), due, slot, System.nanoTime() + timeout.toNanos());
                }
            } else if (watch == null) {
                succeed(due, System.nanoTime());
                done(slot);
            }
            // else the job's terminal event ends it (see onEnd)
        });
    }

    /** Asks for the progress every 250 ms until it says the work ended, or the timeout passed. */
    private void poll(java.net.URI uri, long due, Semaphore slot, long until) {
        polls.schedule(
                () -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
                    if (apiKey != null) {
                        b.header("Authorization", "Bearer " + apiKey);
                    }
                    http.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, error) -> {
                                Boolean ended = null;
                                if (error == null && response.statusCode() == 200) {
                                    try {
                                        ended = traffic.ended(response.body());
                                    } catch (RuntimeException e) {
                                        ended = null;
                                    }
                                }
                                if (ended != null) {
                                    if (ended) {
                                        succeed(due, System.nanoTime());
                                    } else {
                                        fail("items failed");
                                    }
                                    done(slot);
                                } else if (System.nanoTime() > until) {
                                    fail("not ended in time");
                                    done(slot);
                                } else {
                                    poll(uri, due, slot, until);
                                }
                            });
                },
                250,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A watched job ended: the request that started it is done. */
    private void onEnd(String correlationId, String type, long endNanos) {
        Pending p = pending.remove(correlationId);
        if (p == null) {
            return;
        }
        if ("completed".equals(type)) {
            succeed(p.due(), endNanos);
        } else {
            fail("job " + type);
        }
        done(p.slot());
    }

    private void succeed(long due, long end) {
        long micros = Math.max(0, (end - due) / 1_000);
        if (measuring) {
            recorder.recordValue(micros);
        }
        live.recordValue(micros);
        ok.incrementAndGet();
    }

    private void fail(String reason) {
        failed.incrementAndGet();
        failures.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    private void done(Semaphore slot) {
        outstanding.decrementAndGet();
        if (slot != null) {
            slot.release();
        }
    }

    public void close() {
        polls.shutdownNow();
        httpThreads.shutdownNow();
    }
}
