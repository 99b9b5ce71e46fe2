package io.aigateway.ingress.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.ingress.testing.MutableClock;
import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.schemas.event.JobEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One stream with a recording sink, a hand-moved clock and an executor that runs each task at once, so every step of
 * ordering, gap filling, skipping, heartbeats and ending is observable without waiting.
 */
class JobEventStreamTest {

    private static final Duration GAP = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final TestJobs job = TestJobs.of("job_stream");
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink();
    private final List<JobEvent> stored = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();

    private JobEventStream stream(long lastEventId) {
        return new JobEventStream(
                job.jobId(),
                "corr",
                lastEventId,
                sink,
                (jobId, after) -> stored.stream().filter(e -> e.seq() > after).toList(),
                Runnable::run,
                clock,
                GAP,
                HEARTBEAT,
                closed::incrementAndGet);
    }

    @Test
    void historyThenLiveEventsGoOutOnceInOrderAndTheStreamEndsAfterTheTerminalEvent() {
        JobEventStream stream = stream(-1);
        stream.start(List.of(job.started(1), job.accepted(), job.started(1)), -1);
        assertThat(sink.seqs()).containsExactly(0L, 1L);

        stream.onEvent(job.delta(3, "b"));
        stream.onEvent(job.delta(2, "a"));
        stream.onEvent(job.delta(2, "a"));
        stream.onEvent(job.accepted());
        assertThat(sink.seqs()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(sink.completed).isZero();

        stream.onEvent(job.completed(4));
        stream.onEvent(job.delta(5, "late"));

        assertThat(sink.seqs()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(sink.completed).isEqualTo(1);
        assertThat(closed).hasValue(1);
        assertThat(stream.isClosed()).isTrue();
    }

    @Test
    void aGapIsFilledFromTheHistoryOnceTheGapTimeoutPassed() {
        JobEventStream stream = stream(-1);
        stream.start(List.of(job.accepted()), -1);
        stream.onEvent(job.delta(2, "b"));
        assertThat(sink.seqs()).containsExactly(0L);

        stored.add(job.started(1));
        clock.advance(GAP.minusMillis(1));
        stream.tick();
        assertThat(sink.seqs()).containsExactly(0L);

        clock.advance(Duration.ofMillis(1));
        stream.tick();
        assertThat(sink.seqs()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aGapTheHistoryCannotFillIsSkipped() {
        JobEventStream stream = stream(-1);
        stream.start(List.of(job.accepted()), -1);
        stream.onEvent(job.delta(2, "b"));

        clock.advance(GAP);
        stream.tick();

        assertThat(sink.seqs()).containsExactly(0L, 2L);
        stream.onEvent(job.started(1));
        stream.onEvent(job.completed(3));
        assertThat(sink.seqs()).containsExactly(0L, 2L, 3L);
        assertThat(sink.completed).isEqualTo(1);
    }

    @Test
    void resumingAfterTheEndOfAnEndedJobCompletesAtOnce() {
        JobEventStream stream = stream(4);
        stream.start(List.of(), 4);

        assertThat(sink.seqs()).isEmpty();
        assertThat(sink.completed).isEqualTo(1);
        assertThat(closed).hasValue(1);
    }

    @Test
    void anEndedJobWhoseLastEventsAreGoneClosesAfterTheGapTimeout() {
        JobEventStream stream = stream(1);
        stream.start(List.of(), 4);
        assertThat(sink.completed).isZero();

        clock.advance(GAP);
        stream.tick();

        assertThat(sink.completed).isEqualTo(1);
    }

    @Test
    void anIdleStreamGetsHeartbeats() {
        JobEventStream stream = stream(-1);
        stream.start(List.of(job.accepted()), -1);

        clock.advance(HEARTBEAT.minusSeconds(1));
        stream.tick();
        assertThat(sink.heartbeats).isZero();

        clock.advance(Duration.ofSeconds(1));
        stream.tick();
        assertThat(sink.heartbeats).isEqualTo(1);
    }

    @Test
    void aClientThatWentAwayIsUnregisteredAndGetsNothingMore() {
        JobEventStream stream = stream(-1);
        stream.start(List.of(job.accepted()), -1);
        sink.gone = true;

        stream.onEvent(job.started(1));
        stream.onEvent(job.delta(2, "x"));

        assertThat(stream.isClosed()).isTrue();
        assertThat(closed).hasValue(1);
        assertThat(sink.seqs()).containsExactly(0L);
    }

    private static final class RecordingSink implements EventSink {
        final List<JobEvent> sent = new CopyOnWriteArrayList<>();
        volatile int heartbeats;
        volatile int completed;
        volatile boolean gone;

        @Override
        public void send(JobEvent event) throws IOException {
            if (gone) {
                throw new IOException("broken pipe");
            }
            sent.add(event);
        }

        @Override
        public void heartbeat() throws IOException {
            if (gone) {
                throw new IOException("broken pipe");
            }
            heartbeats++;
        }

        @Override
        public void complete() {
            completed++;
        }

        List<Long> seqs() {
            return sent.stream().map(JobEvent::seq).toList();
        }
    }
}
