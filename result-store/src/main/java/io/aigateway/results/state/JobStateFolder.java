package io.aigateway.results.state;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCancelled;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.event.StepStarted;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds one event into a job's state: a pure function, so the topology, a replay and a test all get the same answer.
 *
 * <p>Events of one job come from several producers (the ingress, then each step's worker) and are delivered at least
 * once, so the fold takes whatever order it is given:
 *
 * <ul>
 *   <li>an event about a job it has not seen (a {@code step_started} before {@code accepted}) starts the state from
 *       what that event says; {@code accepted} fills in the rest when it comes;
 *   <li>a step's first outcome wins: a second {@code step_completed} (or a {@code failed} after it) leaves the step as
 *       it was;
 *   <li>the first terminal event wins: a job never moves from completed, failed or cancelled to anything else;
 *   <li>{@code lastSeq} and {@code updatedAt} only ever rise.
 * </ul>
 *
 * Folding the same event twice gives the same state as folding it once.
 */
public final class JobStateFolder {

    /** The error code of a cancelled job; the event's reason is its message. */
    public static final String CANCELLED_CODE = "cancelled";

    private JobStateFolder() {}

    /**
     * The state after {@code event}.
     *
     * @param current the state so far; null for a job not seen yet
     */
    public static JobState fold(JobState current, JobEvent event) {
        JobState base = current != null ? current : start(event);
        JobState next;
        if (event instanceof JobAccepted accepted) {
            next = accepted(base, accepted);
        } else if (event instanceof StepStarted started) {
            next = started(base, started);
        } else if (event instanceof StepDelta) {
            // deltas are history (kept in the events store for SSE), not state
            next = base;
        } else if (event instanceof StepCompleted completed) {
            next = stepCompleted(base, completed);
        } else if (event instanceof JobCompleted completed) {
            next = completed(base, completed);
        } else if (event instanceof JobFailed failed) {
            next = failed(base, failed);
        } else if (event instanceof JobCancelled cancelled) {
            next = cancelled(base, cancelled);
        } else {
            throw new IllegalArgumentException(
                    "unknown event kind: " + event.getClass().getName());
        }
        return touched(next, event);
    }

    private static JobState start(JobEvent event) {
        return JobState.of(
                event.jobId(),
                event.correlationId(),
                event.tenantId(),
                null,
                JobStatus.QUEUED,
                List.of(),
                JobContext.empty(),
                null,
                event.at(),
                event.at(),
                null,
                event.seq());
    }

    private static JobState accepted(JobState s, JobAccepted e) {
        // the route gives the steps their order; steps already seen (events that overtook accepted) keep their state
        Map<Step, StepState> known = byStep(s.steps());
        List<StepState> steps = new ArrayList<>();
        if (e.route() != null) {
            for (Step step : e.route()) {
                StepState seen = known.remove(step);
                steps.add(seen != null ? seen : StepState.pending(step));
            }
        }
        steps.addAll(known.values());
        return new Builder(s)
                .batchId(s.batchId() != null ? s.batchId() : e.batchId())
                .deadline(s.deadline() != null ? s.deadline() : e.deadline())
                .createdAt(e.at() != null ? e.at() : s.createdAt())
                .steps(steps)
                .build();
    }

    private static JobState started(JobState s, StepStarted e) {
        Builder next = new Builder(s).status(active(s.status()));
        if (e.step() == null) {
            return next.build();
        }
        StepState seen = find(s.steps(), e.step());
        if (seen != null && seen.status().isTerminal()) {
            return next.build();
        }
        Instant startedAt = seen != null && seen.startedAt() != null ? seen.startedAt() : e.at();
        // a later start (a redelivery, another provider) names the provider now at work
        StepState running = new StepState(e.step(), JobStatus.RUNNING, e.provider(), startedAt, null, null, null);
        return next.steps(replace(s.steps(), running)).build();
    }

    private static JobState stepCompleted(JobState s, StepCompleted e) {
        if (e.step() == null) {
            return s;
        }
        StepState seen = find(s.steps(), e.step());
        if (seen != null && seen.status().isTerminal()) {
            return s;
        }
        Instant startedAt = seen != null && seen.startedAt() != null
                ? seen.startedAt()
                : e.at() != null ? e.at().minusMillis(e.durationMillis()) : null;
        StepState done =
                new StepState(e.step(), JobStatus.COMPLETED, e.provider(), startedAt, e.at(), e.durationMillis(), null);
        Builder next = new Builder(s).status(active(s.status())).steps(replace(s.steps(), done));
        if (s.status() != JobStatus.COMPLETED) {
            // a completed job's result is the completed event's, which already holds every step's output
            next.result(s.result().merge(e.output()));
        }
        return next.build();
    }

    private static JobState completed(JobState s, JobCompleted e) {
        if (s.status().isTerminal()) {
            return s;
        }
        return new Builder(s)
                .status(JobStatus.COMPLETED)
                .result(e.result() != null ? e.result() : s.result())
                .build();
    }

    private static JobState failed(JobState s, JobFailed e) {
        if (s.status().isTerminal()) {
            return s;
        }
        Builder next = new Builder(s).status(JobStatus.FAILED).error(e.error());
        if (e.step() != null) {
            StepState seen = find(s.steps(), e.step());
            if (seen == null || !seen.status().isTerminal()) {
                Instant startedAt = seen != null ? seen.startedAt() : null;
                String provider = e.provider() != null ? e.provider() : seen != null ? seen.provider() : null;
                Long duration = startedAt != null && e.at() != null
                        ? Duration.between(startedAt, e.at()).toMillis()
                        : null;
                StepState failedStep =
                        new StepState(e.step(), JobStatus.FAILED, provider, startedAt, e.at(), duration, e.error());
                next.steps(replace(s.steps(), failedStep));
            }
        }
        return next.build();
    }

    private static JobState cancelled(JobState s, JobCancelled e) {
        if (s.status().isTerminal()) {
            return s;
        }
        String reason = e.reason() != null ? e.reason() : "the job was cancelled";
        return new Builder(s)
                .status(JobStatus.CANCELLED)
                .error(new ErrorInfo(CANCELLED_CODE, reason, false))
                .build();
    }

    /** Every event raises lastSeq and updatedAt (never lowers them) and fills in ids a first event may have lacked. */
    private static JobState touched(JobState s, JobEvent e) {
        return new Builder(s)
                .correlationId(s.correlationId() != null ? s.correlationId() : e.correlationId())
                .tenantId(s.tenantId() != null ? s.tenantId() : e.tenantId())
                .createdAt(s.createdAt() != null ? s.createdAt() : e.at())
                .updatedAt(later(s.updatedAt(), e.at()))
                .lastSeq(Math.max(s.lastSeq(), e.seq()))
                .build();
    }

    private static JobStatus active(JobStatus status) {
        return status.isTerminal() ? status : JobStatus.RUNNING;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    private static Map<Step, StepState> byStep(List<StepState> steps) {
        Map<Step, StepState> map = new LinkedHashMap<>();
        for (StepState step : steps) {
            map.putIfAbsent(step.step(), step);
        }
        return map;
    }

    private static StepState find(List<StepState> steps, Step step) {
        for (StepState s : steps) {
            if (s.step() == step) {
                return s;
            }
        }
        return null;
    }

    /** The steps with {@code updated} in the place of its step, or appended when the route did not name it yet. */
    private static List<StepState> replace(List<StepState> steps, StepState updated) {
        List<StepState> result = new ArrayList<>(steps.size() + 1);
        boolean replaced = false;
        for (StepState s : steps) {
            if (!replaced && s.step() == updated.step()) {
                result.add(updated);
                replaced = true;
            } else {
                result.add(s);
            }
        }
        if (!replaced) {
            result.add(updated);
        }
        return result;
    }

    /** A copy of a state with some fields changed; JobState is a record with many fields. */
    private static final class Builder {
        private final JobState from;
        private String correlationId;
        private String tenantId;
        private String batchId;
        private JobStatus status;
        private List<StepState> steps;
        private JobContext result;
        private ErrorInfo error;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant deadline;
        private long lastSeq;

        Builder(JobState from) {
            this.from = from;
            this.correlationId = from.correlationId();
            this.tenantId = from.tenantId();
            this.batchId = from.batchId();
            this.status = from.status();
            this.steps = from.steps();
            this.result = from.result();
            this.error = from.error();
            this.createdAt = from.createdAt();
            this.updatedAt = from.updatedAt();
            this.deadline = from.deadline();
            this.lastSeq = from.lastSeq();
        }

        Builder correlationId(String value) {
            correlationId = value;
            return this;
        }

        Builder tenantId(String value) {
            tenantId = value;
            return this;
        }

        Builder batchId(String value) {
            batchId = value;
            return this;
        }

        Builder status(JobStatus value) {
            status = value;
            return this;
        }

        Builder steps(List<StepState> value) {
            steps = value;
            return this;
        }

        Builder result(JobContext value) {
            result = value;
            return this;
        }

        Builder error(ErrorInfo value) {
            error = value;
            return this;
        }

        Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        Builder deadline(Instant value) {
            deadline = value;
            return this;
        }

        Builder lastSeq(long value) {
            lastSeq = value;
            return this;
        }

        JobState build() {
            return new JobState(
                    from.schemaVersion(),
                    from.jobId(),
                    correlationId,
                    tenantId,
                    batchId,
                    status,
                    steps,
                    result,
                    error,
                    createdAt,
                    updatedAt,
                    deadline,
                    lastSeq);
        }
    }
}
