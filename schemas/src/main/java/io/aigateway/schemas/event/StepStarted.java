package io.aigateway.schemas.event;

import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** A worker picked up the job for a step. {@code hop} is the step's index in the route. */
public record StepStarted(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        long seq,
        Instant at,
        Step step,
        String provider,
        int hop)
        implements JobEvent {

    public static final String TYPE = "step_started";

    @Override
    public String type() {
        return TYPE;
    }
}
