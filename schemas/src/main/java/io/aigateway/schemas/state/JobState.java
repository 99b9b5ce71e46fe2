package io.aigateway.schemas.state;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.JobContext;
import java.time.Instant;
import java.util.List;

/**
 * A job as the result store knows it: folded from its events, one outcome per step.
 *
 * @param lastSeq the highest event sequence number folded in
 * @param result what the job produced so far (every completed step's output)
 */
public record JobState(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        String batchId,
        JobStatus status,
        List<StepState> steps,
        JobContext result,
        ErrorInfo error,
        Instant createdAt,
        Instant updatedAt,
        Instant deadline,
        long lastSeq) {

    public JobState {
        steps = steps == null ? List.of() : List.copyOf(steps);
        result = result == null ? JobContext.empty() : result;
    }

    public static JobState of(
            String jobId,
            String correlationId,
            String tenantId,
            String batchId,
            JobStatus status,
            List<StepState> steps,
            JobContext result,
            ErrorInfo error,
            Instant createdAt,
            Instant updatedAt,
            Instant deadline,
            long lastSeq) {
        return new JobState(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                batchId,
                status,
                steps,
                result,
                error,
                createdAt,
                updatedAt,
                deadline,
                lastSeq);
    }
}
