package io.aigateway.pipeline.events;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.event.StepStarted;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import java.time.Clock;

/** Builds a job's events from its envelope, so every producer of events fills the common fields the same way. */
public final class JobEvents {

    private final Clock clock;

    public JobEvents(Clock clock) {
        this.clock = clock;
    }

    public JobEvents() {
        this(Clock.systemUTC());
    }

    public JobAccepted accepted(JobEnvelope e) {
        return new JobAccepted(
                SchemaVersion.CURRENT,
                e.jobId(),
                e.correlationId(),
                e.tenantId(),
                0,
                e.createdAt(),
                e.batchId(),
                e.route(),
                e.deadline(),
                e.input() != null && e.input().audio() != null
                        ? e.input().audio().size()
                        : null);
    }

    public StepStarted started(JobEnvelope e, long seq, String provider) {
        return new StepStarted(
                SchemaVersion.CURRENT,
                e.jobId(),
                e.correlationId(),
                e.tenantId(),
                seq,
                clock.instant(),
                e.currentStep(),
                provider,
                e.hop());
    }

    public StepDelta delta(JobEnvelope e, long seq, String provider, String text) {
        return new StepDelta(
                SchemaVersion.CURRENT,
                e.jobId(),
                e.correlationId(),
                e.tenantId(),
                seq,
                clock.instant(),
                e.currentStep(),
                provider,
                text);
    }

    public StepCompleted stepCompleted(JobEnvelope e, long seq, String provider, long millis, JobContext output) {
        return new StepCompleted(
                SchemaVersion.CURRENT,
                e.jobId(),
                e.correlationId(),
                e.tenantId(),
                seq,
                clock.instant(),
                e.currentStep(),
                provider,
                millis,
                output);
    }

    public JobCompleted completed(JobEnvelope e, long seq, JobContext result) {
        return new JobCompleted(
                SchemaVersion.CURRENT, e.jobId(), e.correlationId(), e.tenantId(), seq, clock.instant(), result);
    }

    public JobFailed failed(JobEnvelope e, long seq, Step step, String provider, ErrorInfo error) {
        return new JobFailed(
                SchemaVersion.CURRENT,
                e.jobId(),
                e.correlationId(),
                e.tenantId(),
                seq,
                clock.instant(),
                step,
                provider,
                error);
    }
}
