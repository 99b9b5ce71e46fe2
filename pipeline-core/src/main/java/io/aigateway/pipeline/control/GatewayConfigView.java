package io.aigateway.pipeline.control;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.kafka.CompactedTopicReader;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.config.GatewayConfig;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This process's one reader of the compacted {@code gw.config} topic, and its view of the run-time configuration
 * ({@link GatewayConfig}). Every service reads the whole topic, so a change an admin makes through one ingress reaches
 * every service within seconds. Listeners (the LLM routes, the tenants' limits and PII redaction) get each new
 * version on the reader's thread; other parts of the process read their own records of the topic (API keys, the
 * provider registry) through {@link #subscribe}, so the topic is read once however many parts need it.
 */
public class GatewayConfigView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfigView.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final GatewayProducer producer;
    private final CompactedTopicReader<String, byte[]> reader;
    private final List<Consumer<GatewayConfig>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, BiConsumer<String, byte[]>> subscribers = new ConcurrentHashMap<>();
    private volatile GatewayConfig current;
    private volatile boolean running;

    public GatewayConfigView(KafkaSettings kafka, GatewayProducer producer, String name) {
        this.producer = producer;
        this.reader = new CompactedTopicReader<>(kafka, Topics.CONFIG, name + "-config", this::apply);
    }

    private void apply(String key, byte[] value) {
        if (key == null) {
            return;
        }
        subscribers.forEach((prefix, handler) -> {
            if (key.startsWith(prefix)) {
                handler.accept(key, value);
            }
        });
        if (!GatewayConfig.KEY.equals(key) || value == null) {
            return;
        }
        GatewayConfig config = Json.mapper().readValue(value, GatewayConfig.class);
        GatewayConfig before = current;
        // an older version is ignored; the same version again (two admins at once) is taken, so every instance ends
        // with the record compaction keeps: the last one written
        if (before != null && before.version() > config.version()) {
            return;
        }
        current = config;
        log.info("run-time configuration version {} (by {})", config.version(), config.updatedBy());
        for (Consumer<GatewayConfig> listener : listeners) {
            try {
                listener.accept(config);
            } catch (RuntimeException e) {
                log.error("applying configuration version {} failed in {}", config.version(), listener, e);
            }
        }
    }

    /** The latest version an admin made; empty while only the services' own configuration applies. */
    public Optional<GatewayConfig> current() {
        return Optional.ofNullable(current);
    }

    /** Calls {@code listener} with every new version, and at once with the current one if there is one. */
    public void onChange(Consumer<GatewayConfig> listener) {
        listeners.add(listener);
        GatewayConfig now = current;
        if (now != null) {
            listener.accept(now);
        }
    }

    /**
     * Gets every record whose key starts with {@code keyPrefix} (a null value is a tombstone), on the reader's thread.
     * Subscribe before the process starts, so nothing already on the topic is missed.
     */
    public void subscribe(String keyPrefix, BiConsumer<String, byte[]> handler) {
        if (subscribers.putIfAbsent(keyPrefix, handler) != null) {
            throw new IllegalStateException("two subscribers for gw.config keys " + keyPrefix);
        }
    }

    /** Writes one record of this process's own (a tombstone for null) and waits until this process has read it. */
    public void write(String key, byte[] value, Correlation correlation) {
        try {
            RecordMetadata written = producer.send(Topics.CONFIG, key, value, correlation)
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!reader.awaitApplied(written, WRITE_TIMEOUT)) {
                log.warn("{} written but not read back within {}", key, WRITE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigStoreUnavailableException(e);
        }
    }

    /** Whether what was on the topic at start has been read. */
    public boolean caughtUp() {
        return reader.caughtUp();
    }

    /** Waits (bounded) until what was on the topic at start has been read. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return reader.awaitCaughtUp(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Publishes {@code next} if the current version is still {@code expectedVersion}, with an audit copy, and waits
     * until this process has read it back. Two admins writing through two instances in the same moment can both pass
     * the check; the higher version wins everywhere and both changes stay in the audit trail.
     */
    public synchronized GatewayConfig publish(GatewayConfig next, long expectedVersion) {
        long now = current == null ? 0 : current.version();
        if (now != expectedVersion) {
            throw new VersionConflictException(expectedVersion, now);
        }
        if (next.version() != now + 1) {
            throw new IllegalArgumentException("the next version is " + (now + 1) + ", not " + next.version());
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(next);
        Correlation correlation = new Correlation("config-v" + next.version(), null, null, TraceParent.newTrace());
        try {
            producer.send(
                            Topics.CONFIG,
                            GatewayConfig.auditKey(next.version()) + "/" + java.util.UUID.randomUUID(),
                            bytes,
                            correlation)
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            RecordMetadata written = producer.send(Topics.CONFIG, GatewayConfig.KEY, bytes, correlation)
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!reader.awaitApplied(written, WRITE_TIMEOUT)) {
                log.warn("configuration version {} written but not read back within {}", next.version(), WRITE_TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing configuration", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigStoreUnavailableException(e);
        }
    }

    @Override
    public void start() {
        reader.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        reader.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the step runtimes and the web server: a service starts from the latest configuration it can read. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** The version changed since the caller read it. */
    public static final class VersionConflictException extends RuntimeException {
        private final long current;

        public VersionConflictException(long expected, long current) {
            super("the configuration is at version " + current + ", not " + expected + "; read it again and reapply");
            this.current = current;
        }

        public long current() {
            return current;
        }
    }

    /** The broker did not acknowledge the change in time; nothing changed. */
    public static final class ConfigStoreUnavailableException extends RuntimeException {
        public ConfigStoreUnavailableException(Throwable cause) {
            super("gw.config did not acknowledge the change: " + cause.getMessage(), cause);
        }
    }
}
