package io.aigateway.pipeline.step;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void commitsNoFurtherThanTheLowestRecordInFlight() {
        OffsetTracker t = new OffsetTracker();
        t.dispatched(10);
        t.dispatched(11);
        t.dispatched(12);

        t.finished(11);
        t.finished(12);
        assertThat(t.committable()).isEqualTo(10);

        t.finished(10);
        assertThat(t.committable()).isEqualTo(13);
    }

    @Test
    void reportsANewCommitOnlyWhenTheOffsetMoved() {
        OffsetTracker t = new OffsetTracker();
        assertThat(t.hasNewCommit()).isFalse();
        t.dispatched(0);
        t.finished(0);
        assertThat(t.hasNewCommit()).isTrue();
        t.committed(t.committable());
        assertThat(t.hasNewCommit()).isFalse();
    }
}
