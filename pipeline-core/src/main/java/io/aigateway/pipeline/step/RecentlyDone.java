package io.aigateway.pipeline.step;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The (job, hop) pairs this worker is working on or finished lately, so an envelope delivered twice to the same worker
 * (a producer retry, a redelivery after a lost commit, two copies in one poll) runs once. It is only a fast path: a
 * duplicate that reaches another instance after a rebalance still runs, and readers absorb its events by sequence
 * number.
 *
 * <p>Dropping a copy while the first is still in flight is safe: both copies share a partition (same key), the first
 * has the lower offset, and the committed offset never passes a record in flight, so if the first never finishes both
 * are read again.
 */
final class RecentlyDone {

    private final Map<String, Boolean> done;
    private final Set<String> inProgress = new HashSet<>();

    RecentlyDone(int capacity) {
        this.done = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Takes the pair for this worker; false when it is already being worked on or was done lately. */
    synchronized boolean claim(String jobId, int hop) {
        String key = key(jobId, hop);
        return !done.containsKey(key) && inProgress.add(key);
    }

    synchronized void finish(String jobId, int hop) {
        String key = key(jobId, hop);
        inProgress.remove(key);
        done.put(key, Boolean.TRUE);
    }

    /** Gives the pair up without finishing it, so a redelivered copy may run. */
    synchronized void abandon(String jobId, int hop) {
        inProgress.remove(key(jobId, hop));
    }

    /** Drops every claim: a runtime starting again has nothing in flight, and its records will be read again. */
    synchronized void forgetInProgress() {
        inProgress.clear();
    }

    private static String key(String jobId, int hop) {
        return jobId + '#' + hop;
    }
}
