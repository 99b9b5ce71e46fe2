package io.aigateway.pipeline.step;

import io.aigateway.schemas.job.JobContext;

/**
 * What a step produced.
 *
 * @param provider the provider that actually served the step (after any fallback)
 * @param output only the part of the context this step fills in
 */
public record StepResult(String provider, JobContext output) {}
