package io.aigateway.schemas.batch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Something that happened to a batch, as {@code gw.batches} carries it keyed by batch id. The manifest comes first
 * (from the ingress, or from a feed's record on {@code gw.ingest}); the result store adds each item's start and finish
 * as it folds the items' job events, and the batch's completion; the ingress adds retries and webhook deliveries.
 * Keyed by batch id, one batch's records are ordered on one partition, so one consumer of a group owns each batch
 * (it publishes the items' jobs and delivers the webhook), and the result store folds the batch without repartitioning.
 * The wire form names the kind in {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BatchManifest.class, name = BatchManifest.TYPE),
    @JsonSubTypes.Type(value = BatchItemStarted.class, name = BatchItemStarted.TYPE),
    @JsonSubTypes.Type(value = BatchItemFinished.class, name = BatchItemFinished.TYPE),
    @JsonSubTypes.Type(value = BatchRetry.class, name = BatchRetry.TYPE),
    @JsonSubTypes.Type(value = BatchCompleted.class, name = BatchCompleted.TYPE),
    @JsonSubTypes.Type(value = BatchWebhookResult.class, name = BatchWebhookResult.TYPE)
})
public sealed interface BatchRecord
        permits BatchManifest, BatchItemStarted, BatchItemFinished, BatchRetry, BatchCompleted, BatchWebhookResult {

    /** The wire name of this kind, for example {@code item_finished}. */
    @JsonIgnore
    String type();

    int schemaVersion();

    String batchId();

    Instant at();
}
