package io.aigateway.ingress.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.schemas.event.JobEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSequencerTest {

    private final TestJobs job = TestJobs.of("job_seq");

    @Test
    void releasesInOrderHoldingLaterEventsAndDroppingRepeats() {
        EventSequencer sequencer = new EventSequencer(-1);

        sequencer.offer(job.started(1));
        assertThat(sequencer.release()).isEmpty();
        assertThat(sequencer.hasGap()).isTrue();
        assertThat(sequencer.missing()).isZero();

        sequencer.offer(job.accepted());
        sequencer.offer(job.started(1));
        assertThat(seqs(sequencer.release())).containsExactly(0L, 1L);
        assertThat(sequencer.hasGap()).isFalse();

        sequencer.offer(job.accepted());
        sequencer.offer(job.delta(3, "b"));
        sequencer.offer(job.delta(2, "a"));
        sequencer.offer(job.delta(3, "b"));
        assertThat(seqs(sequencer.release())).containsExactly(2L, 3L);
        assertThat(sequencer.lastReleased()).isEqualTo(3);
    }

    @Test
    void nothingFollowsTheTerminalEvent() {
        EventSequencer sequencer = new EventSequencer(-1);
        job.chain(5).forEach(sequencer::offer);
        sequencer.offer(job.delta(5, "after the end"));

        assertThat(seqs(sequencer.release())).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(sequencer.ended()).isTrue();
        assertThat(sequencer.hasGap()).isFalse();
        sequencer.offer(job.delta(5, "after the end"));
        assertThat(sequencer.release()).isEmpty();
    }

    @Test
    void resumesAfterTheLastEventIdTheClientHas() {
        EventSequencer sequencer = new EventSequencer(3);
        job.chain(6).forEach(sequencer::offer);

        assertThat(seqs(sequencer.release())).containsExactly(4L, 5L);
    }

    @Test
    void skippingAGapMovesToTheNextWaitingEvent() {
        EventSequencer sequencer = new EventSequencer(-1);
        sequencer.offer(job.accepted());
        sequencer.offer(job.delta(3, "c"));
        sequencer.offer(job.delta(4, "d"));
        sequencer.offer(job.delta(6, "f"));
        assertThat(seqs(sequencer.release())).containsExactly(0L);

        assertThat(seqs(sequencer.skipGap())).containsExactly(3L, 4L);
        assertThat(sequencer.missing()).isEqualTo(5);
        assertThat(seqs(sequencer.skipGap())).containsExactly(6L);
        assertThat(sequencer.hasGap()).isFalse();
        assertThat(sequencer.skipGap()).isEmpty();
    }

    private static List<Long> seqs(List<JobEvent> events) {
        return events.stream().map(JobEvent::seq).toList();
    }
}
