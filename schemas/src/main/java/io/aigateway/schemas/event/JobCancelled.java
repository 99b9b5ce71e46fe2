package io.aigateway.schemas.event;

import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** The job was cancelled before it ended; {@code reason} says by whom or why. */
public record JobCancelled(
        int schemaVersion, String jobId, String correlationId, String tenantId, long seq, Instant at, String reason)
        implements JobEvent {

    public static final String TYPE = "cancelled";

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
