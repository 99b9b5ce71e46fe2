package io.aigateway.ingress.events;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.schemas.event.JobEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One subscriber of one job's events. Events come from the event feed's thread ({@link #onEvent}, which only queues
 * them), from the history read at the start, and from history read again to fill a gap. All writing happens in {@link
 * #pump()}, run on the sender executor one run at a time per stream, so the writes to one response are serialized and
 * a slow client never holds the feed's thread.
 *
 * <p>What goes out: ids rise by one without repeats ({@link EventSequencer}); an id missing for longer than {@code
 * gapTimeout} is looked up in the history once more and then skipped with a warning; the stream ends after the
 * terminal event, or when the store says the job ended and nothing is left to send; idle streams get a heartbeat.
 */
final class JobEventStream implements EventFeed.Listener {

    /** The stored events of a job after a sequence number (the result store's history). */
    @FunctionalInterface
    interface History {
        List<JobEvent> after(String jobId, long seq);
    }

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private final String jobId;
    private final String correlationId;
    private final EventSink sink;
    private final History history;
    private final Executor executor;
    private final Clock clock;
    private final Duration gapTimeout;
    private final Duration heartbeat;
    private final Runnable onClose;

    private final Queue<JobEvent> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();

    // guarded by lock
    private final EventSequencer sequencer;
    private boolean started;
    private long storeLastSeq = -1;
    private boolean storeSaysEnded;
    private Instant gapSince;
    private Instant lastWrite;
    private Instant lastProgress;

    /** When the next timer (heartbeat, gap, end) is due, in epoch millis; read by {@link #tick()} without the lock. */
    private volatile long nextDueMillis = Long.MAX_VALUE;

    JobEventStream(
            String jobId,
            String correlationId,
            long lastEventId,
            EventSink sink,
            History history,
            Executor executor,
            Clock clock,
            Duration gapTimeout,
            Duration heartbeat,
            Runnable onClose) {
        this.jobId = jobId;
        this.correlationId = correlationId;
        this.sequencer = new EventSequencer(lastEventId);
        this.sink = sink;
        this.history = history;
        this.executor = executor;
        this.clock = clock;
        this.gapTimeout = gapTimeout;
        this.heartbeat = heartbeat;
        this.onClose = onClose;
    }

    String jobId() {
        return jobId;
    }

    /**
     * Starts sending, from what was known when the subscriber arrived.
     *
     * @param known the stored history and recent events (any order, repeats allowed)
     * @param endedAtSeq the job's last sequence number when the store already knows it ended, else -1
     */
    void start(Collection<JobEvent> known, long endedAtSeq) {
        synchronized (lock) {
            Instant now = clock.instant();
            known.forEach(sequencer::offer);
            storeSaysEnded = endedAtSeq >= 0;
            storeLastSeq = endedAtSeq;
            lastWrite = now;
            lastProgress = now;
            started = true;
        }
        schedule();
    }

    @Override
    public void onEvent(JobEvent event) {
        if (!closed.get()) {
            inbox.add(event);
            schedule();
        }
    }

    /** Called often by a timer: wakes the stream when a heartbeat, a gap or an end is due. */
    void tick() {
        if (!closed.get() && clock.millis() >= nextDueMillis) {
            schedule();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Stops the stream (the client went away, it timed out, or it ended); idempotent. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            inbox.clear();
            onClose.run();
        }
    }

    private void schedule() {
        if (closed.get() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            close();
        }
    }

    private void run() {
        String previousCorrelation = MDC.get(Correlation.MDC_CORRELATION_ID);
        MDC.put(Correlation.MDC_CORRELATION_ID, correlationId);
        MDC.put(Correlation.MDC_JOB_ID, jobId);
        try {
            synchronized (lock) {
                pump();
            }
        } catch (RuntimeException e) {
            log.warn("event stream of job {} failed; closing it", jobId, e);
            sink.complete();
            close();
        } finally {
            MDC.remove(Correlation.MDC_JOB_ID);
            if (previousCorrelation == null) {
                MDC.remove(Correlation.MDC_CORRELATION_ID);
            } else {
                MDC.put(Correlation.MDC_CORRELATION_ID, previousCorrelation);
            }
            scheduled.set(false);
        }
        if (!closed.get() && !inbox.isEmpty()) {
            schedule();
        }
    }

    /** Everything a stream does, on the sender executor under the lock. */
    private void pump() {
        if (closed.get() || !started) {
            return;
        }
        Instant now = clock.instant();
        for (JobEvent e; (e = inbox.poll()) != null; ) {
            sequencer.offer(e);
        }
        if (!emit(sequencer.release(), now)) {
            return;
        }
        if (sequencer.hasGap()) {
            if (gapSince == null) {
                gapSince = now;
            } else if (!now.isBefore(gapSince.plus(gapTimeout))) {
                fillFromHistory();
                if (!emit(sequencer.release(), now)) {
                    return;
                }
                if (sequencer.hasGap()) {
                    long missing = sequencer.missing();
                    List<JobEvent> after = sequencer.skipGap();
                    log.warn(
                            "job {}: events from {} did not arrive within {}; skipping to {}",
                            jobId,
                            missing,
                            gapTimeout,
                            after.isEmpty() ? "?" : after.get(0).seq());
                    if (!emit(after, now)) {
                        return;
                    }
                }
                gapSince = sequencer.hasGap() ? now : null;
            }
        } else {
            gapSince = null;
        }
        if (!sequencer.ended() && storeSaysEnded) {
            if (sequencer.lastReleased() >= storeLastSeq) {
                finish(); // the client has everything up to the job's end
                return;
            }
            if (!sequencer.hasGap() && !now.isBefore(lastProgress.plus(gapTimeout))) {
                fillFromHistory();
                if (!emit(sequencer.release(), now)) {
                    return;
                }
                if (!sequencer.ended()) {
                    log.warn(
                            "job {} ended at event {} but events after {} are no longer to be had; closing",
                            jobId,
                            storeLastSeq,
                            sequencer.lastReleased());
                    finish();
                    return;
                }
            }
        }
        if (sequencer.ended()) {
            finish();
            return;
        }
        if (!now.isBefore(lastWrite.plus(heartbeat))) {
            try {
                sink.heartbeat();
                lastWrite = now;
            } catch (IOException e) {
                gone(e);
                return;
            }
        }
        nextDueMillis = nextDue().toEpochMilli();
    }

    private Instant nextDue() {
        Instant due = lastWrite.plus(heartbeat);
        if (gapSince != null) {
            due = earliest(due, gapSince.plus(gapTimeout));
        }
        if (storeSaysEnded) {
            due = earliest(due, lastProgress.plus(gapTimeout));
        }
        return due;
    }

    private void fillFromHistory() {
        try {
            history.after(jobId, sequencer.lastReleased()).forEach(sequencer::offer);
        } catch (RuntimeException e) {
            log.debug("job {}: history not available: {}", jobId, e.toString());
        }
    }

    /** Writes events in order; false when the client went away. */
    private boolean emit(List<JobEvent> events, Instant now) {
        for (JobEvent e : events) {
            try {
                sink.send(e);
            } catch (IOException ex) {
                gone(ex);
                return false;
            }
            lastWrite = now;
            lastProgress = now;
        }
        return true;
    }

    private void finish() {
        sink.complete();
        close();
    }

    private void gone(IOException e) {
        log.debug("job {}: client went away: {}", jobId, e.toString());
        close();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
