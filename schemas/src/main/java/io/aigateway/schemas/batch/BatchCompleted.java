package io.aigateway.schemas.batch;

import java.time.Instant;

/**
 * Every item of the batch ended (in retry round {@code round}); emitted by the result store when its fold reaches
 * that point, and what the owner of the batch announces on the webhook.
 */
public record BatchCompleted(
        int schemaVersion, String batchId, int round, int total, int completed, int failed, Instant at)
        implements BatchRecord {

    public static final String TYPE = "completed";

    /** The id a webhook delivery of this completion carries, the same on every attempt: receivers dedupe on it. */
    public String deliveryId() {
        return batchId + "-r" + round;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
