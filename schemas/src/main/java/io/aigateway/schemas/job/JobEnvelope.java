package io.aigateway.schemas.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.aigateway.schemas.SchemaVersion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing slip of a job. The worker of {@code route[hop]} does its work, writes its output into {@code context}
 * and publishes the envelope to the topic of {@code route[hop + 1]}, or ends the job.
 *
 * <p>{@code nextSeq} is the sequence number the next event of this job will carry. Each hop numbers its events from it
 * and hands the following number on, so a job's event ids rise without any shared counter, and a redelivered envelope
 * numbers its events the same way again, which lets readers drop the repeats.
 */
public record JobEnvelope(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        String batchId,
        Instant createdAt,
        Instant deadline,
        List<Step> route,
        int hop,
        long nextSeq,
        JobInput input,
        JobOptions options,
        JobContext context) {

    public JobEnvelope {
        route = List.copyOf(Objects.requireNonNull(route, "route"));
        options = options == null ? JobOptions.defaults() : options;
        context = context == null ? JobContext.empty() : context;
    }

    public static JobEnvelope create(
            String jobId,
            String correlationId,
            String tenantId,
            String batchId,
            Instant createdAt,
            Instant deadline,
            List<Step> route,
            JobInput input,
            JobOptions options) {
        return new JobEnvelope(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                batchId,
                createdAt,
                deadline,
                route,
                0,
                1,
                input,
                options,
                JobContext.empty());
    }

    /** The step this envelope waits for. */
    public Step currentStep() {
        return route.get(hop);
    }

    /** The step after the current one, if any. */
    public Optional<Step> nextStep() {
        return hop + 1 < route.size() ? Optional.of(route.get(hop + 1)) : Optional.empty();
    }

    @JsonIgnore
    public boolean isLastStep() {
        return hop + 1 >= route.size();
    }

    /** This envelope moved on to the next hop with the step's output merged in and the event numbering carried on. */
    public JobEnvelope advance(JobContext output, long followingSeq) {
        return new JobEnvelope(
                SchemaVersion.CURRENT,
                jobId,
                correlationId,
                tenantId,
                batchId,
                createdAt,
                deadline,
                route,
                hop + 1,
                followingSeq,
                input,
                options,
                context.merge(output));
    }

    /** This envelope with other options, everything else kept (a replay's rewritten model, its mock providers). */
    public JobEnvelope withOptions(JobOptions changed) {
        return new JobEnvelope(
                schemaVersion,
                jobId,
                correlationId,
                tenantId,
                batchId,
                createdAt,
                deadline,
                route,
                hop,
                nextSeq,
                input,
                changed,
                context);
    }
}
