package io.aigateway.results;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCancelled;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.event.StepStarted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import java.time.Instant;
import java.util.List;

/** Events of one job for tests, each {@code seq} seconds after the job was accepted. */
public record TestEvents(String jobId, Instant acceptedAt) {

    public static final String CORRELATION = "corr-1";
    public static final String TENANT = "tenant-a";

    public Instant at(long seq) {
        return acceptedAt.plusSeconds(seq);
    }

    public JobAccepted accepted(Step... route) {
        return new JobAccepted(
                SchemaVersion.CURRENT,
                jobId,
                CORRELATION,
                TENANT,
                0,
                acceptedAt,
                "batch-1",
                List.of(route),
                acceptedAt.plusSeconds(60));
    }

    public StepStarted started(long seq, Step step, String provider, int hop) {
        return new StepStarted(SchemaVersion.CURRENT, jobId, CORRELATION, TENANT, seq, at(seq), step, provider, hop);
    }

    public StepDelta delta(long seq, String text) {
        return new StepDelta(SchemaVersion.CURRENT, jobId, CORRELATION, TENANT, seq, at(seq), Step.LLM, "mock", text);
    }

    public StepCompleted stepCompleted(long seq, Step step, String provider, JobContext output) {
        return new StepCompleted(
                SchemaVersion.CURRENT, jobId, CORRELATION, TENANT, seq, at(seq), step, provider, 500, output);
    }

    public JobCompleted completed(long seq, JobContext result) {
        return new JobCompleted(SchemaVersion.CURRENT, jobId, CORRELATION, TENANT, seq, at(seq), result);
    }

    public JobFailed failed(long seq, Step step, String provider, ErrorInfo error) {
        return new JobFailed(SchemaVersion.CURRENT, jobId, CORRELATION, TENANT, seq, at(seq), step, provider, error);
    }

    public JobCancelled cancelled(long seq, String reason) {
        return new JobCancelled(SchemaVersion.CURRENT, jobId, CORRELATION, TENANT, seq, at(seq), reason);
    }

    public static JobContext passages() {
        return JobContext.empty()
                .withPassages(List.of(new Passage("doc-1", "Passwords", 0, "Use the portal.", 0.9, "kb")));
    }

    public static JobContext answer(String text) {
        return JobContext.empty().withAnswer(new Answer(text, "mock-1", 12, 5, "stop"));
    }
}
