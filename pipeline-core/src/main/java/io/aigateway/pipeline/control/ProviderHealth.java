package io.aigateway.pipeline.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each provider's calls went lately, as the step runtimes saw them: a provider whose last minute holds at least
 * three attempts, four in five of them failed, counts as failing. The registry shows it; nothing is routed by it here
 * (the LLM step's circuit breakers do that).
 */
public final class ProviderHealth {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MIN_ATTEMPTS = 3;
    private static final double FAILING_SHARE = 0.8;

    private final Clock clock;
    private final Map<String, Deque<Outcome>> outcomes = new ConcurrentHashMap<>();

    public ProviderHealth(Clock clock) {
        this.clock = clock;
    }

    private record Outcome(Instant at, boolean ok) {}

    public void succeeded(String step, String provider) {
        record(step, provider, true);
    }

    public void failed(String step, String provider) {
        record(step, provider, false);
    }

    private void record(String step, String provider, boolean ok) {
        Deque<Outcome> log = outcomes.computeIfAbsent(step + "/" + provider, k -> new ArrayDeque<>());
        synchronized (log) {
            log.addLast(new Outcome(clock.instant(), ok));
            expire(log);
        }
    }

    public boolean failing(String step, String provider) {
        Deque<Outcome> log = outcomes.get(step + "/" + provider);
        if (log == null) {
            return false;
        }
        synchronized (log) {
            expire(log);
            long failed = log.stream().filter(o -> !o.ok()).count();
            return log.size() >= MIN_ATTEMPTS && failed >= FAILING_SHARE * log.size();
        }
    }

    private void expire(Deque<Outcome> log) {
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!log.isEmpty() && log.peekFirst().at().isBefore(cutoff)) {
            log.removeFirst();
        }
    }
}
