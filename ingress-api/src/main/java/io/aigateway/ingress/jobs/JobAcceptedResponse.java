package io.aigateway.ingress.jobs;

import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.job.Step;
import java.util.List;

/** The body of a 202: the job's ids, its route, and where to read its state and follow its events. */
public record JobAcceptedResponse(String jobId, String correlationId, String status, List<Step> route, Links links) {

    /** Relative links: {@code self} is the job's state, {@code events} its Server-Sent Events. */
    public record Links(String self, String events) {}

    public static JobAcceptedResponse of(JobAccepted accepted) {
        String self = "/v1/jobs/" + accepted.jobId();
        return new JobAcceptedResponse(
                accepted.jobId(),
                accepted.correlationId(),
                "queued",
                accepted.route(),
                new Links(self, self + "/events"));
    }
}
