package io.aigateway.ingress.events;

import io.aigateway.schemas.event.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts one job's events in order for one reader: an event is released only when its sequence number is the next one
 * after the last released; later ones wait, repeats and anything at or below the last released are dropped, and
 * nothing follows a terminal event. When a missing number does not turn up, {@link #skipGap()} moves past it. Plain
 * logic, not thread-safe: its owner serializes the calls.
 */
final class EventSequencer {

    private final TreeMap<Long, JobEvent> waiting = new TreeMap<>();
    private long lastReleased;
    private boolean ended;

    /** @param lastReleased the id the reader already has ({@code -1} for none: the first event is 0) */
    EventSequencer(long lastReleased) {
        this.lastReleased = lastReleased;
    }

    void offer(JobEvent event) {
        if (!ended && event.seq() > lastReleased) {
            waiting.putIfAbsent(event.seq(), event);
        }
    }

    /** The events that can go out now, in order. */
    List<JobEvent> release() {
        List<JobEvent> out = new ArrayList<>();
        while (!ended && !waiting.isEmpty() && waiting.firstKey() == lastReleased + 1) {
            JobEvent next = waiting.pollFirstEntry().getValue();
            lastReleased = next.seq();
            out.add(next);
            if (next.isTerminal()) {
                ended = true;
                waiting.clear();
            }
        }
        return out;
    }

    /** Whether later events wait for a missing one. */
    boolean hasGap() {
        return !ended && !waiting.isEmpty();
    }

    /** The first missing id, or -1 when nothing waits. */
    long missing() {
        return hasGap() ? lastReleased + 1 : -1;
    }

    /** Gives up on the missing ids up to the next waiting event, and releases from there. */
    List<JobEvent> skipGap() {
        if (hasGap()) {
            lastReleased = waiting.firstKey() - 1;
        }
        return release();
    }

    long lastReleased() {
        return lastReleased;
    }

    /** Whether the terminal event went out. */
    boolean ended() {
        return ended;
    }
}
