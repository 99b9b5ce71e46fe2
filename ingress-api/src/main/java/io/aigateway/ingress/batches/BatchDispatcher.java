package io.aigateway.ingress.batches;

import io.aigateway.pipeline.kafka.DeadLetters;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchCompleted;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.batch.BatchRetry;
import io.aigateway.schemas.batch.BatchWebhookResult;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of the batches on its partitions of {@code gw.batches} (consumer group {@value #GROUP}: with several ingress
 * instances, each batch has exactly one owner at a time). For a manifest it publishes the items' jobs into the batch
 * lane; for a retry the retried items' new jobs; for a completion it delivers the signed webhook and records how that
 * went. Its offsets move only once that work is acknowledged, so a crash makes the next owner do it again: the jobs
 * are the same jobs again (same ids), and a completion whose delivery the batch's state already shows is not sent
 * twice. Every delivery carries the completion's delivery id, for the receiver to drop the rare repeat that remains
 * (delivered, then the owner died before recording it).
 */
public final class BatchDispatcher {

    public static final String GROUP = "gw-batch-dispatcher";

    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);

    private final BatchJobs jobs;
    private final BatchQueries queries;
    private final WebhookSender webhooks;
    private final WebhookSigner signer;
    private final GatewayProducer producer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final RequeuedItems published;

    public BatchDispatcher(
            BatchJobs jobs,
            BatchQueries queries,
            WebhookSender webhooks,
            WebhookSigner signer,
            GatewayProducer producer,
            Clock clock) {
        this.jobs = jobs;
        this.queries = queries;
        this.webhooks = webhooks;
        this.signer = signer;
        this.producer = producer;
        this.deadLetters = new DeadLetters(producer);
        this.clock = clock;
        // long enough for the store to fold what was published, whatever its lag
        this.published = new RequeuedItems(clock, Duration.ofHours(1));
    }

    public CompletableFuture<?> handle(ConsumerRecord<byte[], byte[]> record) {
        BatchRecord value;
        try {
            value = Topics.BATCH_RECORD.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn(
                    "unreadable record on {} at {}@{}; dead-lettered",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return deadLetters.send(record, e, 1);
        }
        if (value instanceof BatchManifest m) {
            log.info(
                    "batch {}: publishing {} items of tenant {}",
                    m.batchId(),
                    m.items().size(),
                    m.tenantId());
            return jobs.publish(m.batchId(), m.tenantId(), m.route(), m.options(), m.postCall(), m.items(), 0);
        }
        if (value instanceof BatchRetry retry) {
            return retry(retry);
        }
        if (value instanceof BatchCompleted completed) {
            return announce(completed);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Publishes the retried items' jobs, each only when its stored state says this retry is the one to run it: the
     * item failed in an older attempt (the store has not folded this retry yet), or the store shows it queued under this
     * very attempt and this owner has not published it. A second retry of the same round (a double click that two
     * instances answered) finds the items published or under way and publishes nothing, so the work is not done twice.
     * What this owner published stays in memory for the moments the store needs to fold it; a new owner after a
     * rebalance relies on the store alone.
     */
    private CompletableFuture<?> retry(BatchRetry retry) {
        // the batch's settings live in its state; a retry of a batch the store no longer knows does nothing
        Optional<BatchState> batch = queries.batch(retry.batchId());
        if (batch.isEmpty()) {
            log.warn("retry of unknown batch {}; dropped", retry.batchId());
            return CompletableFuture.completedFuture(null);
        }
        BatchState b = batch.get();
        Map<Integer, BatchItemState> stored = new HashMap<>();
        for (BatchItemState item : queries.items(retry.batchId())) {
            stored.put(item.index(), item);
        }
        List<BatchItem> run = new ArrayList<>();
        for (BatchItem wanted : retry.items()) {
            if (runs(retry, wanted, stored.get(wanted.index()))) {
                run.add(wanted);
                published.remember(retry.batchId(), wanted.index(), retry.round());
            }
        }
        if (run.size() < retry.items().size()) {
            log.info(
                    "batch {} retry round {}: {} of {} items already queued, under way or not failed; not run again",
                    retry.batchId(),
                    retry.round(),
                    retry.items().size() - run.size(),
                    retry.items().size());
        }
        if (run.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return jobs.publish(b.batchId(), b.tenantId(), b.route(), b.options(), b.postCall(), run, retry.round())
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        // the record is handled again: it must find these items still to do
                        run.forEach(i -> published.forget(retry.batchId(), i.index(), retry.round()));
                    }
                });
    }

    private boolean runs(BatchRetry retry, BatchItem wanted, BatchItemState item) {
        if (wanted.audio() == null || item == null) {
            return false;
        }
        if (published.attempt(retry.batchId(), wanted.index()) >= retry.round()) {
            return false; // this owner published this attempt (or a later one) already
        }
        if (item.attempt() == retry.round()) {
            return item.status() == JobStatus.QUEUED; // folded, not started: this retry's or a redelivery's to run
        }
        return item.attempt() < retry.round()
                && (item.status() == JobStatus.FAILED || item.status() == JobStatus.CANCELLED);
    }

    private CompletableFuture<?> announce(BatchCompleted completed) {
        Optional<BatchState> batch = queries.batch(completed.batchId());
        if (batch.isEmpty() || batch.get().webhookUrl() == null) {
            return CompletableFuture.completedFuture(null);
        }
        BatchState b = batch.get();
        if (b.webhook() != null && completed.deliveryId().equals(b.webhook().deliveryId())) {
            log.debug(
                    "webhook {} already {}",
                    completed.deliveryId(),
                    b.webhook().delivered() ? "delivered" : "given up");
            return CompletableFuture.completedFuture(null);
        }
        byte[] body = Json.mapper().writeValueAsBytes(payload(completed));
        return webhooks.deliver(b.webhookUrl(), signer.secretOf(b.batchId()), completed.deliveryId(), body)
                .thenCompose(outcome -> producer.send(
                        Topics.BATCHES,
                        completed.batchId(),
                        new BatchWebhookResult(
                                SchemaVersion.CURRENT,
                                completed.batchId(),
                                completed.deliveryId(),
                                outcome.delivered(),
                                outcome.attempts(),
                                outcome.error(),
                                clock.instant()),
                        null));
    }

    /** The webhook's body: the completion and where to read the results. */
    static Map<String, Object> payload(BatchCompleted c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "batch.completed");
        body.put("deliveryId", c.deliveryId());
        body.put("batchId", c.batchId());
        body.put("round", c.round());
        body.put("status", "completed");
        body.put("total", c.total());
        body.put("completed", c.completed());
        body.put("failed", c.failed());
        body.put("finishedAt", c.at() == null ? null : c.at().toString());
        body.put(
                "links",
                Map.of(
                        "self", "/v1/batches/" + c.batchId(),
                        "results", "/v1/batches/" + c.batchId() + "/results"));
        return body;
    }
}
