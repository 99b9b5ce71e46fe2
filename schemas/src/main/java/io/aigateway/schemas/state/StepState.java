package io.aigateway.schemas.state;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.Step;
import java.time.Instant;

/** One step of a job as the result store saw it; times are null until they happened. */
public record StepState(
        Step step,
        JobStatus status,
        String provider,
        Instant startedAt,
        Instant completedAt,
        Long durationMillis,
        ErrorInfo error) {

    public static StepState pending(Step step) {
        return new StepState(step, JobStatus.QUEUED, null, null, null, null, null);
    }
}
