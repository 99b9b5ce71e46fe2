package io.aigateway.schemas.event;

import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** A piece of a step's output while it streams: LLM tokens or a partial transcript. */
public record StepDelta(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        long seq,
        Instant at,
        Step step,
        String provider,
        String text)
        implements JobEvent {

    public static final String TYPE = "delta";

    @Override
    public String type() {
        return TYPE;
    }
}
