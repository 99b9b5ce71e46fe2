package io.aigateway.schemas.batch;

import java.time.Instant;

/**
 * How the webhook delivery of a completion ended: delivered (a 2xx) after {@code attempts}, or given up with the last
 * error. Folded into the batch's state, where the owner looks before delivering a completion it sees again.
 */
public record BatchWebhookResult(
        int schemaVersion, String batchId, String deliveryId, boolean delivered, int attempts, String error, Instant at)
        implements BatchRecord {

    public static final String TYPE = "webhook";

    @Override
    public String type() {
        return TYPE;
    }
}
