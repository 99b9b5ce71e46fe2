package io.aigateway.results.topology;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchCompleted;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemFinished;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchItemStarted;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.batch.BatchRetry;
import io.aigateway.schemas.batch.BatchWebhookResult;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.BatchStatus;
import io.aigateway.schemas.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds {@code gw.batches} into each batch's progress ({@value BatchStores#STATE}) and its items ({@value
 * BatchStores#ITEMS}). Every record is folded idempotently, so the at-least-once deliveries of the topic and of the
 * job fold that feeds it change nothing the second time:
 *
 * <ul>
 *   <li>a manifest creates the batch once; a second one (a redelivered feed record) is dropped;
 *   <li>an item's start or end counts only for its current attempt and only once: a start moves it from queued to
 *       running, an end from queued or running to its outcome; anything else is a repeat or stale;
 *   <li>a retry moves failed items of older attempts back to queued under the new attempt;
 *   <li>when the last item ends, the batch is completed and a {@code completed} record goes downstream (to {@code
 *       gw.batches}), for the batch's owner to announce on the webhook.
 * </ul>
 *
 * The counts only rise within a round, and {@code version} rises with every change: it numbers the progress events.
 * A wall-clock punctuator removes batches last updated before the retention, with their items.
 */
final class BatchProcessor implements Processor<String, BatchRecord, String, BatchRecord> {

    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

    private final Duration retention;
    private final Duration expiryInterval;
    private ProcessorContext<String, BatchRecord> context;
    private KeyValueStore<String, BatchState> states;
    private KeyValueStore<String, BatchItemState> items;

    BatchProcessor(Duration retention, Duration expiryInterval) {
        this.retention = retention;
        this.expiryInterval = expiryInterval;
    }

    @Override
    public void init(ProcessorContext<String, BatchRecord> context) {
        this.context = context;
        states = context.getStateStore(BatchStores.STATE);
        items = context.getStateStore(BatchStores.ITEMS);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, BatchRecord> record) {
        BatchRecord value = record.value();
        if (value == null || value.batchId() == null) {
            log.warn("skipping a batch record without batch id (key {})", record.key());
            return;
        }
        BatchState state = states.get(value.batchId());
        if (value instanceof BatchManifest manifest) {
            if (state == null) {
                created(manifest, record.timestamp());
            } else {
                announceAgainIfCompleted(state, record.timestamp());
            }
            return;
        }
        if (state == null) {
            log.warn("{} for unknown batch {}; dropped", value.type(), value.batchId());
            return;
        }
        if (value instanceof BatchItemStarted started) {
            started(state, started);
        } else if (value instanceof BatchItemFinished finished) {
            finished(state, finished, record.timestamp());
        } else if (value instanceof BatchRetry retry) {
            retried(state, retry);
        } else if (value instanceof BatchWebhookResult webhook) {
            states.put(
                    state.batchId(),
                    with(
                            state,
                            state.status(),
                            state.queued(),
                            state.running(),
                            state.completed(),
                            state.failed(),
                            state.audioSecondsDone(),
                            state.round(),
                            state.version(),
                            state.startedAt(),
                            state.finishedAt(),
                            new BatchState.WebhookStatus(
                                    webhook.deliveryId(),
                                    webhook.delivered(),
                                    webhook.attempts(),
                                    webhook.error(),
                                    webhook.at()),
                            later(state, webhook.at())));
        }
        // completed: the fold's own announcement, for the batch's owner; nothing to fold
    }

    private void created(BatchManifest m, long timestamp) {
        for (BatchItem item : m.items()) {
            items.put(BatchStores.itemKey(m.batchId(), item.index()), BatchItemState.fromManifest(m, item));
        }
        BatchState state = BatchState.fromManifest(m, 1);
        states.put(m.batchId(), state);
        if (state.status() == BatchStatus.COMPLETED) {
            completed(state, timestamp); // every item was refused at intake
        }
    }

    private void started(BatchState state, BatchItemStarted e) {
        String key = BatchStores.itemKey(e.batchId(), e.index());
        BatchItemState item = items.get(key);
        if (item == null || item.attempt() != e.attempt() || item.status() != JobStatus.QUEUED) {
            return; // a repeat, or a start of an attempt that is no longer current
        }
        items.put(
                key,
                item(
                        item,
                        item.jobId(),
                        item.attempt(),
                        JobStatus.RUNNING,
                        null,
                        item.audioSeconds(),
                        e.at(),
                        null,
                        item.audio()));
        states.put(
                state.batchId(),
                with(
                        state,
                        BatchStatus.RUNNING,
                        state.queued() - 1,
                        state.running() + 1,
                        state.completed(),
                        state.failed(),
                        state.audioSecondsDone(),
                        state.round(),
                        state.version() + 1,
                        state.startedAt() == null ? e.at() : state.startedAt(),
                        state.finishedAt(),
                        state.webhook(),
                        later(state, e.at())));
    }

    private void finished(BatchState state, BatchItemFinished e, long timestamp) {
        String key = BatchStores.itemKey(e.batchId(), e.index());
        BatchItemState item = items.get(key);
        if (item == null || item.attempt() != e.attempt() || item.status().isTerminal()) {
            // a repeat, or the end of an attempt a retry replaced; a repeat of the current attempt's end may be the
            // redelivery of the record whose completion was never sent
            if (item != null && item.attempt() == e.attempt()) {
                announceAgainIfCompleted(state, timestamp);
            }
            return;
        }
        boolean ok = e.status() == JobStatus.COMPLETED;
        Double seconds = e.audioSeconds() != null ? e.audioSeconds() : item.audioSeconds();
        items.put(
                key,
                item(
                        item,
                        item.jobId(),
                        item.attempt(),
                        e.status(),
                        e.error(),
                        seconds,
                        item.startedAt(),
                        e.at(),
                        item.audio()));
        int queued = state.queued() - (item.status() == JobStatus.QUEUED ? 1 : 0);
        int running = state.running() - (item.status() == JobStatus.RUNNING ? 1 : 0);
        int completed = state.completed() + (ok ? 1 : 0);
        int failed = state.failed() + (ok ? 0 : 1);
        boolean last = completed + failed == state.total();
        BatchState next = with(
                state,
                last ? BatchStatus.COMPLETED : BatchStatus.RUNNING,
                queued,
                running,
                completed,
                failed,
                state.audioSecondsDone() + (ok && seconds != null ? seconds : 0),
                state.round(),
                state.version() + 1,
                state.startedAt() == null ? item.startedAt() != null ? item.startedAt() : e.at() : state.startedAt(),
                last ? e.at() : null,
                state.webhook(),
                later(state, e.at()));
        states.put(state.batchId(), next);
        if (last) {
            completed(next, timestamp);
        }
    }

    private void retried(BatchState state, BatchRetry retry) {
        int moved = 0;
        for (BatchItem wanted : retry.items()) {
            String key = BatchStores.itemKey(retry.batchId(), wanted.index());
            BatchItemState item = items.get(key);
            boolean failed =
                    item != null && (item.status() == JobStatus.FAILED || item.status() == JobStatus.CANCELLED);
            if (!failed || item.attempt() >= retry.round() || wanted.audio() == null) {
                continue;
            }
            items.put(
                    key,
                    item(
                            item,
                            new BatchItemKey(retry.batchId(), wanted.index(), retry.round()).jobId(),
                            retry.round(),
                            JobStatus.QUEUED,
                            null,
                            wanted.audioSeconds(),
                            null,
                            null,
                            wanted.audio()));
            moved++;
        }
        if (moved == 0) {
            return;
        }
        states.put(
                state.batchId(),
                with(
                        state,
                        BatchStatus.RUNNING,
                        state.queued() + moved,
                        state.running(),
                        state.completed(),
                        state.failed() - moved,
                        state.audioSecondsDone(),
                        Math.max(state.round(), retry.round()),
                        state.version() + 1,
                        state.startedAt(),
                        null,
                        state.webhook(),
                        later(state, retry.at())));
    }

    /**
     * A completed batch is announced again when a record that completed it comes back. The task may have folded the
     * completion into its stores and failed before the announcement was sent; without a second one, the webhook would
     * never be delivered. The batch's owner delivers each completion once: it skips one whose outcome the batch
     * already records.
     */
    private void announceAgainIfCompleted(BatchState state, long timestamp) {
        if (state.status() == BatchStatus.COMPLETED) {
            completed(state, timestamp);
        }
    }

    private void completed(BatchState state, long timestamp) {
        BatchCompleted done = new BatchCompleted(
                SchemaVersion.CURRENT,
                state.batchId(),
                state.round(),
                state.total(),
                state.completed(),
                state.failed(),
                state.finishedAt());
        context.forward(new Record<>(state.batchId(), done, timestamp));
    }

    private static BatchItemState item(
            BatchItemState i,
            String jobId,
            int attempt,
            JobStatus status,
            io.aigateway.schemas.event.ErrorInfo error,
            Double seconds,
            Instant startedAt,
            Instant finishedAt,
            io.aigateway.schemas.job.BlobRef audio) {
        return new BatchItemState(
                i.index(),
                i.name(),
                i.sourceUrl(),
                audio,
                jobId,
                attempt,
                status,
                error,
                seconds,
                startedAt,
                finishedAt);
    }

    private static BatchState with(
            BatchState s,
            BatchStatus status,
            int queued,
            int running,
            int completed,
            int failed,
            double audioSecondsDone,
            int round,
            long version,
            Instant startedAt,
            Instant finishedAt,
            BatchState.WebhookStatus webhook,
            Instant updatedAt) {
        return new BatchState(
                s.schemaVersion(),
                s.batchId(),
                s.tenantId(),
                s.source(),
                status,
                s.total(),
                queued,
                running,
                completed,
                failed,
                audioSecondsDone,
                s.route(),
                s.options(),
                s.wordTimings(),
                s.postCall(),
                s.webhookUrl(),
                webhook,
                round,
                version,
                s.createdAt(),
                startedAt,
                finishedAt,
                updatedAt);
    }

    private static Instant later(BatchState s, Instant at) {
        return at == null || (s.updatedAt() != null && s.updatedAt().isAfter(at)) ? s.updatedAt() : at;
    }

    private void expire(long wallClockMillis) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMillis).minus(retention);
        List<BatchState> expired = new ArrayList<>();
        try (KeyValueIterator<String, BatchState> all = states.all()) {
            while (all.hasNext() && expired.size() < JobEventProcessor.MAX_EXPIRED_PER_RUN) {
                KeyValue<String, BatchState> next = all.next();
                if (next.value.updatedAt() == null || next.value.updatedAt().isBefore(cutoff)) {
                    expired.add(next.value);
                }
            }
        }
        for (BatchState batch : expired) {
            for (int i = 0; i < batch.total(); i++) {
                items.delete(BatchStores.itemKey(batch.batchId(), i));
            }
            states.delete(batch.batchId());
        }
        if (!expired.isEmpty()) {
            log.info("removed {} batches last updated before {}", expired.size(), cutoff);
        }
    }
}
