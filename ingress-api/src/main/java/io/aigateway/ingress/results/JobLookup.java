package io.aigateway.ingress.results;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ingress knows about a job on behalf of a tenant: the result store's answer ({@link JobQueries}, over HTTP or
 * in-process), falling back to the jobs this instance just accepted ({@link RecentlyAccepted}), so a read right after
 * the 202 never misses. A job of another tenant is reported as unknown. A store that fails is {@code
 * result_store_unavailable} (503), unless the job was just accepted here.
 *
 * <p>The store folds a job's events a moment after they are published; a client that fetches a job's output as soon
 * as its {@code completed} event arrives (the web client fetching the answer's audio) could still find it running.
 * {@link #withEndSeen} lays a job's end seen on this instance's event feed, and not yet in the store's answer, over it:
 * status, result or error, and the sequence number. {@link #state} stays the store's own fold, steps and all.
 */
public final class JobLookup {

    private static final Logger log = LoggerFactory.getLogger(JobLookup.class);

    private final JobQueries queries;
    private final RecentlyAccepted recent;
    private final Function<String, List<JobEvent>> recentEvents;

    public JobLookup(JobQueries queries, RecentlyAccepted recent) {
        this(queries, recent, jobId -> List.of());
    }

    /** @param recentEvents a job's events this instance saw lately ({@code EventFeed::recent}) */
    public JobLookup(JobQueries queries, RecentlyAccepted recent, Function<String, List<JobEvent>> recentEvents) {
        this.queries = queries;
        this.recent = recent;
        this.recentEvents = recentEvents;
    }

    /** The job as the result store (or, just after its 202, this instance) knows it. */
    public Optional<JobState> state(String jobId, String tenantId) {
        return stored(jobId, tenantId);
    }

    /** The job with its end laid over it when this instance saw the end before the store folded it. */
    public Optional<JobState> withEndSeen(String jobId, String tenantId) {
        return stored(jobId, tenantId).map(this::withEndSeenHere);
    }

    private Optional<JobState> stored(String jobId, String tenantId) {
        Optional<JobState> stored;
        try {
            stored = queries.job(jobId);
        } catch (RuntimeException e) {
            Optional<JobState> justAccepted = recent.state(jobId).filter(s -> tenantId.equals(s.tenantId()));
            if (justAccepted.isPresent()) {
                log.debug("result store failed; answering from the recently accepted jobs", e);
                return justAccepted;
            }
            throw unavailable(e);
        }
        if (stored.isPresent()) {
            return stored.filter(s -> tenantId.equals(s.tenantId()));
        }
        return recent.state(jobId).filter(s -> tenantId.equals(s.tenantId()));
    }

    /** The state with the job's end laid over it, when this instance saw the end and the store has not folded it yet. */
    private JobState withEndSeenHere(JobState state) {
        if (state.status().isTerminal()) {
            return state;
        }
        for (JobEvent event : recentEvents.apply(state.jobId())) {
            if (!event.isTerminal()
                    || event.seq() <= state.lastSeq()
                    || !state.tenantId().equals(event.tenantId())) {
                continue;
            }
            JobStatus status = event instanceof JobCompleted
                    ? JobStatus.COMPLETED
                    : event instanceof JobFailed ? JobStatus.FAILED : JobStatus.CANCELLED;
            JobContext result = event instanceof JobCompleted completed && completed.result() != null
                    ? completed.result()
                    : state.result();
            ErrorInfo error = event instanceof JobFailed failed ? failed.error() : state.error();
            return JobState.of(
                    state.jobId(),
                    state.correlationId(),
                    state.tenantId(),
                    state.batchId(),
                    status,
                    state.steps(),
                    result,
                    error,
                    state.createdAt(),
                    event.at(),
                    state.deadline(),
                    event.seq());
        }
        return state;
    }

    /** The job's stored events after {@code afterSeq}; raises {@code result_store_unavailable} when the store fails. */
    public List<JobEvent> history(String jobId, long afterSeq) {
        try {
            return queries.events(jobId, afterSeq);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The {@code accepted} event of a job this instance accepted recently. */
    public Optional<JobAccepted> recentlyAccepted(String jobId) {
        return recent.accepted(jobId);
    }

    private static ApiException unavailable(RuntimeException e) {
        return new ApiException(
                ProblemCode.RESULT_STORE_UNAVAILABLE,
                "the result store cannot answer right now; retry shortly",
                List.of(),
                e);
    }
}
