package io.aigateway.ingress.auth;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.kafka.CompactedTopicReader;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.config.ApiKeyEntry;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every API key of every tenant, as this instance read them from {@code gw.config}: the hashes, the tenant and role
 * of each, and whether it still works. Every ingress instance reads the whole topic, so a key made or revoked through
 * one instance works or stops working on all of them as soon as they read the record (within moments).
 */
public class ApiKeyRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final GatewayProducer producer;
    private final Clock clock;
    private final Duration startupWait;
    private final Map<String, ApiKeyEntry> entries = new ConcurrentHashMap<>();
    private final CompactedTopicReader<String, byte[]> reader;
    private volatile boolean running;

    public ApiKeyRegistry(KafkaSettings kafka, GatewayProducer producer, Clock clock, Duration startupWait) {
        this.producer = producer;
        this.clock = clock;
        this.startupWait = startupWait;
        this.reader = new CompactedTopicReader<>(kafka, Topics.CONFIG, "ingress-api-keys", this::apply);
    }

    private void apply(String key, byte[] value) {
        if (key == null || !key.startsWith(ApiKeyEntry.KEY_PREFIX)) {
            return;
        }
        String keyId = key.substring(ApiKeyEntry.KEY_PREFIX.length());
        if (value == null) {
            entries.remove(keyId);
        } else {
            entries.put(keyId, Json.mapper().readValue(value, ApiKeyEntry.class));
        }
    }

    /** The caller a key stands for, if it is known, active and its secret matches. */
    public Optional<Caller> authenticate(ApiKey key) {
        ApiKeyEntry entry = entries.get(key.keyId());
        if (entry == null || !entry.activeAt(clock.instant()) || !key.matches(entry.secretSha256())) {
            return Optional.empty();
        }
        return Role.find(entry.role()).map(role -> new Caller(entry.keyId(), entry.tenantId(), role));
    }

    public Optional<ApiKeyEntry> find(String keyId) {
        return Optional.ofNullable(entries.get(keyId));
    }

    /** The keys of one tenant, or of every tenant for null, oldest first. */
    public List<ApiKeyEntry> list(String tenantId) {
        return entries.values().stream()
                .filter(e -> tenantId == null || tenantId.equals(e.tenantId()))
                .sorted(Comparator.comparing(ApiKeyEntry::createdAt).thenComparing(ApiKeyEntry::keyId))
                .toList();
    }

    public boolean hasActiveKey(Role role) {
        return entries.values().stream()
                .anyMatch(e -> e.activeAt(clock.instant()) && role.id().equals(e.role()));
    }

    /**
     * Publishes a key's entry on {@code gw.config} and waits until this instance has read it back, so the key works
     * here as soon as the call returns (other instances follow within moments).
     */
    public ApiKeyEntry save(ApiKeyEntry entry) {
        try {
            RecordMetadata written = producer.send(
                            Topics.CONFIG,
                            entry.configKey(),
                            Json.mapper().writeValueAsBytes(entry),
                            new Correlation("config-" + entry.keyId(), null, entry.tenantId(), TraceParent.newTrace()))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!reader.awaitApplied(written, WRITE_TIMEOUT)) {
                log.warn("key {} was written but not read back within {}", entry.keyId(), WRITE_TIMEOUT);
            }
            return entry;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving key " + entry.keyId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KeyStoreUnavailableException(e);
        }
    }

    @Override
    public void start() {
        reader.start();
        running = true;
        try {
            if (!reader.awaitCaughtUp(startupWait)) {
                log.warn(
                        "gw.config not read to its end within {}; keys made earlier may be refused for a moment",
                        startupWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("{} API key(s) known", entries.size());
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

    /** Before the web server takes requests: a key made before this start must work on the first request. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
