package io.aigateway.load.http;

import io.aigateway.load.cli.Ids;
import io.aigateway.load.replay.TerminalWatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * HTTP load on the gateway, open or closed.
 *
 * <ul>
 *   <li>At a fixed rate (open model): requests start on schedule whatever the answers do, and each latency is taken
 *       from when the request was due, not sent, so a stall is not hidden (no coordinated omission). A request due
 *       while {@code maxInFlight} are already open is not sent and counts as failed ({@code client limit}): past
 *       that point the server is saturated anyway, and an unbounded client would only open thousands of connections
 *       and take the CPU the server needs.
 *   <li>At a fixed concurrency (closed model): N requests in flight, each starting when one ends; latency from send.
 * </ul>
 *
 * A request succeeds on {@code 202}; with a {@link TerminalWatch} it ends only at its job's terminal event
 * ({@code completed} counts as success), followed by the correlation id the request carries; with progress following
 * it ends when the progress document the 202 points to says so (batches).
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

    /** The counts of one run; requests of an earlier run (a warm-up's stragglers) update their own. */
    private static final class Stats {
        final boolean measured;
        final Recorder latencies = new Recorder(3_600_000_000L, 3);
        final AtomicLong started = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong outstanding = new AtomicLong();
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

        Stats(boolean measured) {
            this.measured = measured;
        }
    }

    private record Pending(Stats stats, long due, Semaphore slot) {}

    private final HttpClient http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-load-poll");
        t.setDaemon(true);
        return t;
    });
    private final Traffic traffic;
    private final String apiKey;
    private final TerminalWatch watch;
    private final boolean followProgress;
    private final Duration timeout;
    private final int maxInFlight;
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Recorder live = new Recorder(3_600_000_000L, 2);
    private volatile Stats current = new Stats(false);
    private volatile long runStart;

    /**
     * @param watch follows each job to its end, or null to count a request done at its 202
     * @param followProgress follow what each request started by polling its progress document (batches) to its end
     * @param maxInFlight open-model requests open at most at once
     */
    public HttpLoad(
            Traffic traffic,
            String apiKey,
            TerminalWatch watch,
            boolean followProgress,
            Duration timeout,
            int ioThreads,
            int maxInFlight) {
        this.traffic = traffic;
        this.apiKey = apiKey;
        this.watch = watch;
        this.followProgress = followProgress;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
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

    /** Seconds since the current run started. */
    public long elapsedSeconds() {
        return runStart == 0 ? 0 : (System.nanoTime() - runStart) / 1_000_000_000L;
    }

    /** A short status for the progress bar: counts so far and the p99 of the last interval. */
    public String status() {
        Histogram h = live.getIntervalHistogram();
        Stats s = current;
        return String.format(
                Locale.ROOT,
                "ok %,d failed %,d in flight %,d p99 %s",
                s.ok.get(),
                s.failed.get(),
                inFlight.get(),
                h.getTotalCount() == 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.1fms", h.getValueAtPercentile(99) / 1000.0));
    }

    /** Requests at {@code rate} per second for {@code seconds}; measured when {@code measure}. */
    public Result atRate(double rate, int seconds, boolean measure) throws InterruptedException {
        Stats stats = begin(measure);
        long interval = (long) (1e9 / rate);
        long start = runStart;
        long total = (long) (rate * seconds);
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                stats.started.incrementAndGet();
                fail(stats, "client limit");
                continue;
            }
            fire(stats, i, due, null);
        }
        return finish(stats, start);
    }

    /** {@code concurrency} requests in flight for {@code seconds}; measured when {@code measure}. */
    public Result atConcurrency(int concurrency, int seconds, boolean measure) throws InterruptedException {
        Stats stats = begin(measure);
        Semaphore slots = new Semaphore(concurrency);
        long start = runStart;
        long until = start + seconds * 1_000_000_000L;
        long i = 0;
        while (System.nanoTime() < until) {
            if (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                continue;
            }
            fire(stats, i++, System.nanoTime(), slots);
        }
        return finish(stats, start);
    }

    private Stats begin(boolean measure) {
        Stats stats = new Stats(measure);
        current = stats;
        runStart = System.nanoTime();
        return stats;
    }

    private Result finish(Stats stats, long start) throws InterruptedException {
        long sent = System.nanoTime();
        long drainUntil = sent + timeout.toNanos();
        while (stats.outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10); // waiting for the last answers or job ends
        }
        long unfinished = stats.outstanding.get();
        Map<String, Long> byReason = new TreeMap<>();
        stats.failures.forEach((k, v) -> byReason.put(k, v.get()));
        if (unfinished > 0) {
            byReason.put("unfinished", unfinished);
        }
        return new Result(
                stats.latencies.getIntervalHistogram(),
                stats.started.get(),
                stats.ok.get(),
                stats.failed.get(),
                unfinished,
                byReason,
                (sent - start) / 1e9,
                (System.nanoTime() - start) / 1e9);
    }

    private void fire(Stats stats, long i, long due, Semaphore slot) {
        stats.started.incrementAndGet();
        stats.outstanding.incrementAndGet();
        inFlight.incrementAndGet();
        String correlationId = Ids.random("load-");
        HttpRequest.Builder builder =
                HttpRequest.newBuilder().timeout(timeout).header("X-Correlation-Id", correlationId);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        if (watch != null) {
            pending.put(correlationId, new Pending(stats, due, slot));
            watch.watch(correlationId, due);
        }
        HttpRequest request = traffic.request(i, builder);
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 202) {
                if (watch == null || (watch.forget(correlationId) && pending.remove(correlationId) != null)) {
                    fail(stats, error != null ? error.getClass().getSimpleName() : "http " + response.statusCode());
                    done(stats, slot);
                }
                return;
            }
            if (followProgress) {
                var progress = traffic.progress(response.body());
                if (progress.isEmpty()) {
                    fail(stats, "no progress link");
                    done(stats, slot);
                } else {
                    poll(progress.get(), stats, due, slot, System.nanoTime() + timeout.toNanos());
                }
            } else if (watch == null) {
                succeed(stats, due, System.nanoTime());
                done(stats, slot);
            }
            // else the job's terminal event ends it (see onEnd)
        });
    }

    /** Asks for the progress every 250 ms until it says the work ended, or the timeout passed. */
    private void poll(URI uri, Stats stats, long due, Semaphore slot, long until) {
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
                                        succeed(stats, due, System.nanoTime());
                                    } else {
                                        fail(stats, "items failed");
                                    }
                                    done(stats, slot);
                                } else if (System.nanoTime() > until) {
                                    fail(stats, "not ended in time");
                                    done(stats, slot);
                                } else {
                                    poll(uri, stats, due, slot, until);
                                }
                            });
                },
                250,
                TimeUnit.MILLISECONDS);
    }

    /** A watched job ended: the request that started it is done. */
    private void onEnd(String correlationId, String type, long endNanos) {
        Pending p = pending.remove(correlationId);
        if (p == null) {
            return;
        }
        if ("completed".equals(type)) {
            succeed(p.stats(), p.due(), endNanos);
        } else {
            fail(p.stats(), "job " + type);
        }
        done(p.stats(), p.slot());
    }

    private void succeed(Stats stats, long due, long end) {
        long micros = Math.max(0, (end - due) / 1_000);
        if (stats.measured) {
            stats.latencies.recordValue(micros);
        }
        live.recordValue(micros);
        stats.ok.incrementAndGet();
    }

    private static void fail(Stats stats, String reason) {
        stats.failed.incrementAndGet();
        stats.failures.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    private void done(Stats stats, Semaphore slot) {
        stats.outstanding.decrementAndGet();
        inFlight.decrementAndGet();
        if (slot != null) {
            slot.release();
        }
    }

    public void close() {
        polls.shutdownNow();
        httpThreads.shutdownNow();
    }
}
