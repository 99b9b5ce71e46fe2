package io.aigateway.ingress.results;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ingress knows about a job on behalf of a tenant: the result store's answer ({@link JobQueries}, over HTTP or
 * in-process), falling back to the jobs this instance just accepted ({@link RecentlyAccepted}), so a read right after
 * the 202 never misses. A job of another tenant is reported as unknown. A store that fails is {@code
 * result_store_unavailable} (503), unless the job was just accepted here.
 */
public final class JobLookup {

    private static final Logger log = LoggerFactory.getLogger(JobLookup.class);

    private final JobQueries queries;
    private final RecentlyAccepted recent;

    public JobLookup(JobQueries queries, RecentlyAccepted recent) {
        this.queries = queries;
        this.recent = recent;
    }

    public Optional<JobState> state(String jobId, String tenantId) {
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
