package io.aigateway.ingress.batches;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attempts of batch items that were put in motion here and that the result store may not show yet: what a
 * retry requested (the controller) or published (the dispatcher) moments ago. The store folds {@code gw.batches} a
 * little behind, so a second retry of the same items in that moment (a double click) would read them as still failed
 * and run them twice; this memory says they are already queued. Bounded and short-lived: once the store shows the
 * attempt, the store's word is enough.
 */
final class RequeuedItems {

    private static final int MAX_ENTRIES = 50_000;

    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private record Entry(int attempt, Instant until) {}

    RequeuedItems(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The latest attempt of the item put in motion here and still remembered, or -1. */
    synchronized int attempt(String batchId, int index) {
        String key = key(batchId, index);
        Entry e = entries.get(key);
        if (e == null) {
            return -1;
        }
        if (e.until().isBefore(clock.instant())) {
            entries.remove(key);
            return -1;
        }
        return e.attempt();
    }

    synchronized void remember(String batchId, int index, int attempt) {
        String key = key(batchId, index);
        Entry e = entries.get(key);
        if (e == null || e.attempt() <= attempt) {
            entries.remove(key); // re-inserted last: the map stays in the order of time
            entries.put(key, new Entry(attempt, clock.instant().plus(ttl)));
        }
    }

    /** The attempt was not put in motion after all (the broker refused it): it may be asked for again. */
    synchronized void forget(String batchId, int index, int attempt) {
        String key = key(batchId, index);
        Entry e = entries.get(key);
        if (e != null && e.attempt() == attempt) {
            entries.remove(key);
        }
    }

    private static String key(String batchId, int index) {
        return batchId + "#" + index;
    }
}
