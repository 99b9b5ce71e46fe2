package io.aigateway.schemas.state;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.BlobRef;
import java.time.Instant;

/**
 * One item of a batch as the result store knows it: which job runs it now (the latest attempt), and how it ended.
 *
 * @param attempt 0, or the retry round it was last run in
 * @param audio the stored audio, kept so the item can run again
 */
public record BatchItemState(
        int index,
        String name,
        String sourceUrl,
        BlobRef audio,
        String jobId,
        int attempt,
        JobStatus status,
        ErrorInfo error,
        Double audioSeconds,
        Instant startedAt,
        Instant finishedAt) {}
