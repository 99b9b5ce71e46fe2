package io.aigateway.schemas.state;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.time.Instant;
import java.util.List;

/**
 * A batch as the result store knows it, folded from {@code gw.batches}: its counts by status and times. The items are
 * kept apart ({@link BatchItemState}), so an item's change rewrites this small record and one item's, not the batch.
 *
 * @param total items in the batch
 * @param audioSecondsDone length of the audio of the items that completed, for throughput and the time-left estimate
 * @param round the latest retry round, 0 before any retry
 * @param version rises with every change of the counts: the id of the batch's progress events
 * @param webhook the last webhook delivery's outcome, null before any
 */
public record BatchState(
        int schemaVersion,
        String batchId,
        String tenantId,
        String source,
        BatchStatus status,
        int total,
        int queued,
        int running,
        int completed,
        int failed,
        double audioSecondsDone,
        List<Step> route,
        JobOptions options,
        boolean wordTimings,
        String postCall,
        String webhookUrl,
        WebhookStatus webhook,
        int round,
        long version,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {

    public BatchState {
        route = route == null ? List.of() : List.copyOf(route);
        options = options == null ? JobOptions.defaults() : options;
    }

    /**
     * A batch as its manifest creates it, before any item ran: the items the intake refused count as failed from the
     * start, and a batch of refused items only is completed at once.
     *
     * @param version the progress version to start from: 1 in the result store, which counts the creation as a
     *     change; 0 where a batch is shown before the store has folded its manifest
     */
    public static BatchState fromManifest(BatchManifest m, long version) {
        int total = m.items().size();
        int failed = (int) m.items().stream().filter(i -> i.error() != null).count();
        boolean allRefused = failed == total;
        return new BatchState(
                SchemaVersion.CURRENT,
                m.batchId(),
                m.tenantId(),
                m.source(),
                allRefused ? BatchStatus.COMPLETED : BatchStatus.QUEUED,
                total,
                total - failed,
                0,
                0,
                failed,
                0,
                m.route(),
                m.options(),
                m.wordTimings(),
                m.postCall(),
                m.webhookUrl(),
                null,
                0,
                version,
                m.at(),
                null,
                allRefused ? m.at() : null,
                m.at());
    }

    /** Items that ended, whatever the outcome. */
    public int done() {
        return completed + failed;
    }

    /**
     * @param deliveryId the id of the delivered or given-up completion ({@code <batchId>-r<round>})
     * @param attempts how many requests it took
     * @param error the last failure, when not delivered
     */
    public record WebhookStatus(String deliveryId, boolean delivered, int attempts, String error, Instant at) {}
}
