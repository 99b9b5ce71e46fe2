package io.aigateway.results.streams;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.results.ResultStoreProperties;
import io.aigateway.results.topology.JobStores;
import io.aigateway.schemas.state.JobState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the result store's {@link KafkaStreams} instance: built and started with the application context, closed (with a
 * bounded wait) when it stops. Queries reach the instance through {@link #streams()}; readiness is {@link #ready()}.
 */
public final class ResultStoreStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultStoreStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Topology topology;
    private final Properties config;
    private final URI advertisedUrl;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    /**
     * @param advertisedUrl how other instances reach this one over HTTP; its host and port become {@code
     *     application.server}
     * @param meters where Streams' own metrics go; null for none
     */
    public ResultStoreStreams(
            Topology topology,
            KafkaSettings kafka,
            ResultStoreProperties properties,
            URI advertisedUrl,
            MeterRegistry meters) {
        this.topology = topology;
        this.advertisedUrl = advertisedUrl;
        this.config = streamsConfig(kafka, properties, self(advertisedUrl));
        this.meters = meters;
    }

    /**
     * The Streams settings: the gateway's common Kafka settings (bootstrap servers, security) and these choices:
     * at-least-once (Event Hubs has no reliable transactions; the processor absorbs duplicates), a 100 ms commit
     * interval and no record cache (a state is read right after it is written), a log-and-continue handler for
     * unreadable or unfoldable events (one bad event must not stop every job's state). {@code
     * gateway.results.streams} overrides any of it.
     */
    public static Properties streamsConfig(KafkaSettings kafka, ResultStoreProperties properties, HostInfo self) {
        Properties config = new Properties();
        config.putAll(kafka.streamsClientConfig());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, kafka.clientIdPrefix() + "-result-store");
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                properties.stateDir().toAbsolutePath().toString());
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        config.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                properties.commitInterval().toMillis());
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        config.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        config.putAll(properties.streams());
        return config;
    }

    /** The host and port this instance advertises, as Streams names instances. */
    public static HostInfo self(URI advertisedUrl) {
        return new HostInfo(advertisedUrl.getHost(), advertisedUrl.getPort());
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams created = new KafkaStreams(topology, config);
        created.setUncaughtExceptionHandler(error -> {
            log.error("a result-store stream thread died; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        created.setStateListener((now, before) -> log.info("result store streams {} -> {}", before, now));
        if (meters != null) {
            streamsMetrics = new KafkaStreamsMetrics(created);
            streamsMetrics.bindTo(meters);
        }
        created.start();
        streams = created;
    }

    @Override
    public synchronized void stop() {
        KafkaStreams running = streams;
        if (running == null) {
            return;
        }
        streams = null;
        if (!running.close(CLOSE_TIMEOUT)) {
            log.warn("result store streams did not close within {}", CLOSE_TIMEOUT);
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The running instance; empty before start and after stop. */
    public Optional<KafkaStreams> streams() {
        return Optional.ofNullable(streams);
    }

    /** Where this instance's HTTP server is reached by the others. */
    public URI advertisedUrl() {
        return advertisedUrl;
    }

    /** This instance as Streams names it in query metadata. */
    public HostInfo self() {
        return self(advertisedUrl);
    }

    /** The Streams state; {@code NOT_RUNNING} before start and after stop. */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current != null ? current.state() : KafkaStreams.State.NOT_RUNNING;
    }

    /** Whether queries can be answered: the instance is RUNNING (not starting, rebalancing or failed). */
    public boolean ready() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /** Job states held by this instance's active stores (RocksDB's estimate); -1 while they cannot be read. */
    public long approximateJobCount() {
        KafkaStreams current = streams;
        if (current == null || current.state() != KafkaStreams.State.RUNNING) {
            return -1;
        }
        try {
            ReadOnlyKeyValueStore<String, JobState> store = current.store(
                    StoreQueryParameters.fromNameAndType(JobStores.STATE, QueryableStoreTypes.keyValueStore()));
            return store.approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return -1;
        }
    }
}
