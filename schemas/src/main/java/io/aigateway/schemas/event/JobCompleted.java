package io.aigateway.schemas.event;

import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** The last step finished; {@code result} is everything the job produced. */
public record JobCompleted(
        int schemaVersion, String jobId, String correlationId, String tenantId, long seq, Instant at, JobContext result)
        implements JobEvent {

    public static final String TYPE = "completed";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Step step() {
        return null;
    }

    @Override
    public String provider() {
        return null;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }
}
