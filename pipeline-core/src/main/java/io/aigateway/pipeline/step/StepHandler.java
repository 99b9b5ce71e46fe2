package io.aigateway.pipeline.step;

import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;

/**
 * The logic of one step: what a worker does with an envelope. Implementations talk to providers only through their
 * port (for example {@code ChatModel}) and know nothing of Kafka; the {@link StepRuntime} feeds them and hands their
 * output on.
 *
 * <p>A handler may be called more than once for the same envelope (redelivery after a crash, retries after a retryable
 * failure) and must not assume otherwise. It throws {@link io.aigateway.pipeline.failure.StepException} for failures it
 * can classify; anything else counts as a bug and, after bounded attempts, sends the record to the dead-letter topic.
 */
public interface StepHandler {

    /** The step this handler serves. */
    Step step();

    /** The provider that will serve this envelope, as named in events (for example {@code mock} or {@code vosk}). */
    String providerFor(JobEnvelope envelope);

    /**
     * Does the step's work. Streaming output goes to {@code sink} as it arrives; the returned result is the step's
     * whole output, which the runtime merges into the envelope's context.
     */
    StepResult handle(JobEnvelope envelope, StepSink sink);
}
