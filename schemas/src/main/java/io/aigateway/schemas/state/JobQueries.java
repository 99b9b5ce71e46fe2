package io.aigateway.schemas.state;

import io.aigateway.schemas.event.JobEvent;
import java.util.List;
import java.util.Optional;

/**
 * What the result store answers: a job's state and its event history. The result store implements it over its local
 * stores (forwarding to the instance that owns the key); the ingress reaches it in-process or over HTTP.
 */
public interface JobQueries {

    /** The job's state; empty when the store does not know the job (yet, or any more). */
    Optional<JobState> job(String jobId);

    /** The job's events with a sequence number above {@code afterSeq}, in rising order, without repeats. */
    List<JobEvent> events(String jobId, long afterSeq);
}
