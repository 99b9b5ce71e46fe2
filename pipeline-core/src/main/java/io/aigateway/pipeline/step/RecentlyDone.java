package io.aigateway.pipeline.step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (job, hop) pairs this worker finished lately, so an envelope delivered twice to the same worker (a producer
 * retry, a redelivery after a commit was lost) is skipped instead of run again. It is only a fast path: a duplicate
 * that reaches another instance after a rebalance is still run, and readers absorb its events by sequence number.
 */
final class RecentlyDone {

    private final Map<String, Boolean> entries;

    RecentlyDone(int capacity) {
        this.entries = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String jobId, int hop) {
        return entries.containsKey(key(jobId, hop));
    }

    synchronized void add(String jobId, int hop) {
        entries.put(key(jobId, hop), Boolean.TRUE);
    }

    private static String key(String jobId, int hop) {
        return jobId + '#' + hop;
    }
}
