package io.aigateway.results.topology;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The result store's topology: {@code gw.events} (keyed by job id, so no repartitioning) into one processor that keeps
 * every job's event history in {@value JobStores#EVENTS} and its folded state in {@value JobStores#STATE}, both
 * persistent (RocksDB, backed by changelog topics). Caching is off on both stores: a client polls right after each
 * step, so a state must be readable as soon as it is written.
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

        Topic<String, JobEvent> source = Topics.EVENTS;
        builder.stream(
                        source.name(),
                        Consumed.with(source.keySerde(), source.valueSerde()).withName("job-events-source"))
                .process(
                        () -> new JobEventProcessor(retention, expiryInterval, outcomes),
                        Named.as("fold-job-events"),
                        JobStores.STATE,
                        JobStores.EVENTS);
    }

    /** The topology on its own builder. */
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder);
        return builder.build();
    }
}
