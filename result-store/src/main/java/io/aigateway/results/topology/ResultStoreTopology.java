package io.aigateway.results.topology;

import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The result store's topology: {@code gw.events} (keyed by job id, so no repartitioning) into one processor that keeps
 * every job's event history in {@value JobStores#EVENTS} and its folded state in {@value JobStores#STATE}, both
 * persistent (RocksDB, backed by changelog topics). Caching is off on every store: a client polls right after each
 * step, so a state must be readable as soon as it is written.
 *
 * <p>Batches: the job fold tells each batch item's start and end to {@code gw.batches}, keyed by batch id, where the
 * manifests and retries already are; a second processor folds that topic into {@value BatchStores#STATE} and {@value
 * BatchStores#ITEMS} and adds the batch's completion to it. {@code gw.batches} is the re-keying from job to batch, and
 * also the record the batch's owner in the ingress reads, so it costs no topic beyond the one batches need anyway.
 */
public final class ResultStoreTopology {

    private final Duration retention;
    private final Duration expiryInterval;
    private final JobOutcomes outcomes;

    /**
     * @param retention how long a job is kept after its last event
     * @param expiryInterval how often (wall-clock) expired jobs are removed
     * @param outcomes told when a job ends (metrics)
     */
    public ResultStoreTopology(Duration retention, Duration expiryInterval, JobOutcomes outcomes) {
        this.retention = retention;
        this.expiryInterval = expiryInterval;
        this.outcomes = outcomes;
    }

    public ResultStoreTopology(Duration retention, Duration expiryInterval) {
        this(retention, expiryInterval, JobOutcomes.NONE);
    }

    /** Adds the stores and the processor to {@code builder}. */
    public void build(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JobStores.STATE), JobStores.KEY_SERDE, JobStores.STATE_SERDE)
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JobStores.EVENTS), JobStores.KEY_SERDE, JobStores.EVENT_SERDE)
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JobStores.INDEX), JobStores.KEY_SERDE, JobStores.INDEX_SERDE)
                .withCachingDisabled());

        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BatchStores.STATE),
                        BatchStores.KEY_SERDE,
                        BatchStores.STATE_SERDE)
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BatchStores.ITEMS),
                        BatchStores.KEY_SERDE,
                        BatchStores.ITEM_SERDE)
                .withCachingDisabled());

        Topic<String, JobEvent> source = Topics.EVENTS;
        Topic<String, BatchRecord> batches = Topics.BATCHES;
        Produced<String, BatchRecord> toBatches = Produced.with(batches.keySerde(), batches.valueSerde());
        builder.stream(
                        source.name(),
                        Consumed.with(source.keySerde(), source.valueSerde()).withName("job-events-source"))
                .process(
                        () -> new JobEventProcessor(retention, expiryInterval, outcomes),
                        Named.as("fold-job-events"),
                        JobStores.STATE,
                        JobStores.EVENTS,
                        JobStores.INDEX)
                .to(batches.name(), toBatches.withName("batch-items-sink"));

        builder.stream(
                        batches.name(),
                        Consumed.with(batches.keySerde(), batches.valueSerde()).withName("batches-source"))
                .process(
                        () -> new BatchProcessor(retention, expiryInterval),
                        Named.as("fold-batches"),
                        BatchStores.STATE,
                        BatchStores.ITEMS)
                .to(batches.name(), toBatches.withName("batch-completed-sink"));
    }

    /** The topology on its own builder. */
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder);
        return builder.build();
    }
}
