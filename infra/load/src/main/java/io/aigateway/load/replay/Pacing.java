package io.aigateway.load.replay;

import java.util.Locale;

/**
 * When each replayed job goes out, as nanoseconds after the replay started: at a fixed rate, or at the recorded
 * pacing (the gaps between the jobs' broker timestamps) sped up by a factor.
 */
public sealed interface Pacing {

    long offsetNanos(int index, long recordedMillisSinceFirst);

    static Pacing rate(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be above 0, was " + perSecond);
        }
        return new Rate(perSecond);
    }

    static Pacing recorded(double speedup) {
        if (!(speedup > 0)) {
            throw new IllegalArgumentException("the speed-up must be above 0, was " + speedup);
        }
        return new Recorded(speedup);
    }

    record Rate(double perSecond) implements Pacing {
        @Override
        public long offsetNanos(int index, long recordedMillisSinceFirst) {
            return (long) (index * 1e9 / perSecond);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f jobs/s", perSecond);
        }
    }

    record Recorded(double speedup) implements Pacing {
        @Override
        public long offsetNanos(int index, long recordedMillisSinceFirst) {
            return (long) (recordedMillisSinceFirst * 1e6 / speedup);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "recorded pacing x%s", speedup);
        }
    }
}
