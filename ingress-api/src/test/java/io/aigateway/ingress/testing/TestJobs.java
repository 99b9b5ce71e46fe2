package io.aigateway.ingress.testing;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.event.StepStarted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the events of one test job (route llm) with the sequence numbers a test asks for. */
public record TestJobs(String jobId, String correlationId, String tenantId, Instant at) {

    public static TestJobs of(String jobId) {
        return new TestJobs(jobId, jobId, "default", Instant.parse("2025-03-01T12:00:00Z"));
    }

    public TestJobs withTenant(String tenant) {
        return new TestJobs(jobId, correlationId, tenant, at);
    }

    public JobAccepted accepted() {
        return new JobAccepted(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                0,
                at,
                null,
                List.of(Step.LLM),
                at.plusSeconds(300));
    }

    public StepStarted started(long seq) {
        return new StepStarted(
                SchemaVersion.CURRENT, jobId, correlationId, tenantId, seq, at.plusMillis(seq), Step.LLM, "mock", 0);
    }

    public StepDelta delta(long seq, String text) {
        return new StepDelta(
                SchemaVersion.CURRENT, jobId, correlationId, tenantId, seq, at.plusMillis(seq), Step.LLM, "mock", text);
    }

    public StepCompleted stepCompleted(long seq) {
        return new StepCompleted(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                seq,
                at.plusMillis(seq),
                Step.LLM,
                "mock",
                5,
                JobContext.empty().withAnswer(new Answer("hi", "mock-1", 1, 1, "stop")));
    }

    public JobCompleted completed(long seq) {
        return new JobCompleted(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                seq,
                at.plusMillis(seq),
                JobContext.empty().withAnswer(new Answer("hi", "mock-1", 1, 1, "stop")));
    }

    public JobFailed failed(long seq) {
        return new JobFailed(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                seq,
                at.plusMillis(seq),
                Step.LLM,
                "mock",
                new ErrorInfo("provider_unavailable", "down", true));
    }

    /** accepted (0), started (1), deltas (2 .. n-3), step completed (n-2), completed (n-1): {@code n} events. */
    public List<JobEvent> chain(int n) {
        List<JobEvent> events = new ArrayList<>();
        events.add(accepted());
        events.add(started(1));
        for (int seq = 2; seq < n - 2; seq++) {
            events.add(delta(seq, "t" + seq + " "));
        }
        events.add(stepCompleted(n - 2));
        events.add(completed(n - 1));
        return events;
    }

    public JobState state(JobStatus status, long lastSeq) {
        return JobState.of(
                jobId,
                correlationId,
                tenantId,
                null,
                status,
                List.of(StepState.pending(Step.LLM)),
                null,
                null,
                at,
                at.plusMillis(lastSeq),
                at.plusSeconds(300),
                lastSeq);
    }
}
