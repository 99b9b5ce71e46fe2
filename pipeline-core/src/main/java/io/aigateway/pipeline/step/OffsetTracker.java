package io.aigateway.pipeline.step;

import java.util.TreeSet;

/**
 * The offsets of one partition that are in flight. Records of a partition finish out of order (an LLM answer takes
 * longer than the next one), so the offset that may be committed is the lowest one still in flight, or the one after
 * the last dispatched when none is. Committing no further than that is what makes the worker at-least-once.
 *
 * <p>Only the poll thread touches a tracker. A new tracker is made for every assignment of the partition, so a record
 * finishing after its partition moved away cannot disturb the tracking of the next owner's records.
 */
public final class OffsetTracker {

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    public void dispatched(long offset) {
        inFlight.add(offset);
        next = Math.max(next, offset + 1);
    }

    public void finished(long offset) {
        inFlight.remove(offset);
    }

    public int inFlight() {
        return inFlight.size();
    }

    /** The offset to commit: the next record a new owner should read. Negative when nothing was dispatched. */
    public long committable() {
        return inFlight.isEmpty() ? next : inFlight.first();
    }

    public boolean hasNewCommit() {
        long c = committable();
        return c >= 0 && c != committed;
    }

    public void committed(long offset) {
        committed = offset;
    }
}
