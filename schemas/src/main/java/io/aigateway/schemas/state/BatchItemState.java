package io.aigateway.schemas.state;

import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchManifest;
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
        Instant finishedAt) {

    /**
     * An item as its batch's manifest creates it: queued as attempt 0, or failed at once when the intake refused it
     * (its recording could not be fetched or read), with the intake's reason.
     */
    public static BatchItemState fromManifest(BatchManifest manifest, BatchItem item) {
        boolean refused = item.error() != null;
        return new BatchItemState(
                item.index(),
                item.name(),
                item.sourceUrl(),
                item.audio(),
                refused ? null : new BatchItemKey(manifest.batchId(), item.index(), 0).jobId(),
                0,
                refused ? JobStatus.FAILED : JobStatus.QUEUED,
                item.error(),
                item.audioSeconds(),
                null,
                refused ? manifest.at() : null);
    }
}
