package io.aigateway.results.topology;

import io.aigateway.results.state.JobStateFolder;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchItemFinished;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchItemStarted;
import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Folds each job event into the job's state once: an event whose (job, seq) the events store already holds is a
 * duplicate of an at-least-once delivery and is dropped; any other is kept for the job's history and folded with
 * {@link JobStateFolder}. A wall-clock punctuator removes jobs whose last event is older than the retention, with all
 * their events.
 *
 * <p>A batch item's job (its id names batch, item and attempt, {@link BatchItemKey}) is also told downstream, keyed by
 * batch id for {@code gw.batches}: {@code item_started} when its state first leaves the queue and {@code item_finished}
 * when it first ends. A redelivered event of a batch item tells the batch its item's state again, since the first
 * telling may not have been sent; the batch fold drops the repeats.
 */
final class JobEventProcessor implements Processor<String, JobEvent, String, BatchRecord> {

    /** Upper bound of jobs removed per punctuation, so one run never holds the stream thread for long. */
    static final int MAX_EXPIRED_PER_RUN = 10_000;

    private static final Logger log = LoggerFactory.getLogger(JobEventProcessor.class);

    private final JobOutcomes outcomes;

    private final Duration retention;
    private final Duration expiryInterval;
    /** Jobs of this task still running are folded many times in a row; keeping their state as objects spares a JSON
     * read per event. Only this processor writes its partition's states, and every write goes through here, so the
     * cache never disagrees with the store; a new task starts with an empty one. */
    static final int CACHED_STATES = 10_000;

    private ProcessorContext<String, BatchRecord> context;
    private KeyValueStore<String, JobState> states;
    private KeyValueStore<String, JobEvent> events;
    private KeyValueStore<String, String> index;
    private final Map<String, JobState> recentStates = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobState> eldest) {
            return size() > CACHED_STATES;
        }
    };

    JobEventProcessor(Duration retention, Duration expiryInterval, JobOutcomes outcomes) {
        this.outcomes = outcomes;
        this.retention = retention;
        this.expiryInterval = expiryInterval;
    }

    @Override
    public void init(ProcessorContext<String, BatchRecord> context) {
        this.context = context;
        states = context.getStateStore(JobStores.STATE);
        events = context.getStateStore(JobStores.EVENTS);
        index = context.getStateStore(JobStores.INDEX);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, JobEvent> record) {
        JobEvent event = record.value();
        if (event == null || event.jobId() == null || event.seq() < 0) {
            log.warn("skipping an event without job id or sequence number (key {})", record.key());
            return;
        }
        // the job id in the event, not the record key, names the job: the producers key by it, and queries look it up
        String jobId = event.jobId();
        String eventKey = JobStores.eventKey(jobId, event.seq());
        if (events.get(eventKey) != null) {
            log.debug("dropping duplicate event {} of job {}", event.seq(), jobId);
            retellBatch(jobId, record.timestamp());
            return;
        }
        // state first: should the event write reach its changelog and the state write not, a redelivery would be taken
        // for a duplicate and the fold lost; the other way round the fold runs twice, which the folder makes harmless
        JobState current = recentStates.get(jobId);
        JobState before = current != null ? current : states.get(jobId);
        JobState next = JobStateFolder.fold(before, event);
        states.put(jobId, next);
        indexed(before, next);
        if (next.status().isTerminal() && (before == null || !before.status().isTerminal())) {
            outcomes.finished(next);
        }
        tellBatch(before, next, record.timestamp());
        if (next.status().isTerminal()) {
            recentStates.remove(jobId); // nothing but duplicates and stragglers follow
        } else {
            recentStates.put(jobId, next);
        }
        events.put(eventKey, event);
    }

    /**
     * Keeps the job in its tenant's index under its creation time. The first event may come before {@code accepted},
     * which can still move the creation time, so the key follows the state.
     */
    private void indexed(JobState before, JobState next) {
        String key = JobStores.indexKey(next);
        String was = before == null ? null : JobStores.indexKey(before);
        if (key == null || key.equals(was)) {
            return;
        }
        if (was != null) {
            index.delete(was);
        }
        index.put(key, next.jobId());
    }

    private void tellBatch(JobState before, JobState next, long timestamp) {
        BatchItemKey item = BatchItemKey.ofJob(next.jobId()).orElse(null);
        if (item == null) {
            return;
        }
        boolean wasQueued = before == null || before.status() == JobStatus.QUEUED;
        boolean wasOpen = before == null || !before.status().isTerminal();
        if (wasQueued && next.status() == JobStatus.RUNNING) {
            forward(
                    new BatchItemStarted(
                            SchemaVersion.CURRENT,
                            item.batchId(),
                            item.index(),
                            item.attempt(),
                            next.jobId(),
                            next.updatedAt()),
                    timestamp);
        }
        if (wasOpen && next.status().isTerminal()) {
            Transcript transcript = next.result().transcript();
            forward(
                    new BatchItemFinished(
                            SchemaVersion.CURRENT,
                            item.batchId(),
                            item.index(),
                            item.attempt(),
                            next.jobId(),
                            next.status(),
                            next.error(),
                            transcript == null ? null : transcript.durationSeconds(),
                            next.updatedAt()),
                    timestamp);
        }
    }

    /**
     * A redelivered event of a batch item tells the batch again where the item stands. The first time round, the task
     * may have written its stores and failed before its {@code gw.batches} record was sent; dropping the repeat would
     * then lose the item's start or end for good, and the batch would never complete. The batch fold drops what it
     * already has.
     */
    private void retellBatch(String jobId, long timestamp) {
        if (BatchItemKey.ofJob(jobId).isEmpty()) {
            return;
        }
        JobState current = recentStates.get(jobId);
        JobState state = current != null ? current : states.get(jobId);
        if (state != null) {
            tellBatch(null, state, timestamp);
        }
    }

    private void forward(BatchRecord batchRecord, long timestamp) {
        context.forward(new Record<>(batchRecord.batchId(), batchRecord, timestamp));
    }

    private void expire(long wallClockMillis) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMillis).minus(retention);
        List<JobState> expired = new ArrayList<>();
        try (KeyValueIterator<String, JobState> all = states.all()) {
            while (all.hasNext() && expired.size() < MAX_EXPIRED_PER_RUN) {
                KeyValue<String, JobState> next = all.next();
                Instant updatedAt = next.value.updatedAt();
                if (updatedAt == null || updatedAt.isBefore(cutoff)) {
                    expired.add(next.value);
                }
            }
        }
        // deletes happen after the scan: RocksDB iterators see a snapshot, but deleting under one is needlessly subtle
        for (JobState job : expired) {
            deleteEvents(job.jobId());
            String indexKey = JobStores.indexKey(job);
            if (indexKey != null) {
                index.delete(indexKey);
            }
            states.delete(job.jobId());
            recentStates.remove(job.jobId());
        }
        if (!expired.isEmpty()) {
            log.info("removed {} jobs last updated before {}", expired.size(), cutoff);
        }
    }

    private void deleteEvents(String jobId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, JobEvent> range =
                events.range(JobStores.firstEventKey(jobId), JobStores.lastEventKey(jobId))) {
            while (range.hasNext()) {
                keys.add(range.next().key);
            }
        }
        keys.forEach(events::delete);
    }
}
