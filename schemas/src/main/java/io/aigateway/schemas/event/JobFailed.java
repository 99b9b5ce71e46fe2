package io.aigateway.schemas.event;

import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** The job ended without a result. {@code step} and {@code provider} name where it failed, when a step did. */
public record JobFailed(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        long seq,
        Instant at,
        Step step,
        String provider,
        ErrorInfo error)
        implements JobEvent {

    public static final String TYPE = "failed";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }
}
