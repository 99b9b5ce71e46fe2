package io.aigateway.schemas.event;

import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** A step finished; {@code output} holds the part of the context it produced. */
public record StepCompleted(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        long seq,
        Instant at,
        Step step,
        String provider,
        long durationMillis,
        JobContext output)
        implements JobEvent {

    public static final String TYPE = "step_completed";

    @Override
    public String type() {
        return TYPE;
    }
}
