package io.aigateway.load.replay;

import java.time.Instant;

/**
 * The stretch of a topic to read, on every partition: from a time or an offset (inclusive; none: the beginning) to a
 * time or an offset (exclusive; none: the end as it was when reading started). An offset applies to each partition.
 */
public record Window(Instant fromTime, Long fromOffset, Instant toTime, Long toOffset) {

    public Window {
        if (fromTime != null && fromOffset != null) {
            throw new IllegalArgumentException("give the start as a time or as an offset, not both");
        }
        if (toTime != null && toOffset != null) {
            throw new IllegalArgumentException("give the end as a time or as an offset, not both");
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new IllegalArgumentException("the start time " + fromTime + " is not before the end " + toTime);
        }
        if (fromOffset != null && toOffset != null && fromOffset >= toOffset) {
            throw new IllegalArgumentException(
                    "the start offset " + fromOffset + " is not below the end offset " + toOffset);
        }
        if ((fromOffset != null && fromOffset < 0) || (toOffset != null && toOffset < 0)) {
            throw new IllegalArgumentException("offsets are not negative");
        }
    }

    public static Window all() {
        return new Window(null, null, null, null);
    }
}
