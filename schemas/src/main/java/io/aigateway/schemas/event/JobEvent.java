package io.aigateway.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.aigateway.schemas.job.Step;
import java.time.Instant;

/**
 * Something that happened to a job. Events of one job carry rising, gap-free sequence numbers ({@link #seq()}), which
 * are also their Server-Sent Event ids; two events of a job with the same number are the same event delivered twice.
 * The wire form names the kind in {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobAccepted.class, name = JobAccepted.TYPE),
    @JsonSubTypes.Type(value = StepStarted.class, name = StepStarted.TYPE),
    @JsonSubTypes.Type(value = StepDelta.class, name = StepDelta.TYPE),
    @JsonSubTypes.Type(value = StepCompleted.class, name = StepCompleted.TYPE),
    @JsonSubTypes.Type(value = JobCompleted.class, name = JobCompleted.TYPE),
    @JsonSubTypes.Type(value = JobFailed.class, name = JobFailed.TYPE),
    @JsonSubTypes.Type(value = JobCancelled.class, name = JobCancelled.TYPE)
})
public sealed interface JobEvent
        permits JobAccepted, StepStarted, StepDelta, StepCompleted, JobCompleted, JobFailed, JobCancelled {

    /** The wire name of this kind of event, for example {@code step_started}. */
    @JsonIgnore
    String type();

    int schemaVersion();

    String jobId();

    String correlationId();

    String tenantId();

    long seq();

    Instant at();

    /** The step this event is about; null for events about the whole job. */
    Step step();

    /** The provider that served the step; null where none did. */
    String provider();

    /** Whether the job has ended with this event: nothing follows it. */
    @JsonIgnore
    default boolean isTerminal() {
        return false;
    }
}
