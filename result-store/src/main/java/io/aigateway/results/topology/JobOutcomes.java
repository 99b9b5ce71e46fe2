package io.aigateway.results.topology;

import io.aigateway.schemas.state.JobState;

/**
 * Told once per job, when its state first becomes terminal (completed, failed or cancelled). Duplicates and stragglers
 * after that are not reported again. A redelivery after a crash of this instance may report a job a second time.
 */
@FunctionalInterface
public interface JobOutcomes {

    JobOutcomes NONE = state -> {};

    void finished(JobState state);
}
