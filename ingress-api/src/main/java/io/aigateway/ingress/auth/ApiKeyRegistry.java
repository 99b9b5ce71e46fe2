package io.aigateway.ingress.auth;

import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.schemas.config.ApiKeyEntry;
import io.aigateway.schemas.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final GatewayConfigView config;
    private final Clock clock;
    private final Duration startupWait;
    private final Map<String, ApiKeyEntry> entries = new ConcurrentHashMap<>();
    private volatile boolean running;

    /** Reads its records of {@code gw.config} through the process's one reader of the topic. */
    public ApiKeyRegistry(GatewayConfigView config, Clock clock, Duration startupWait) {
        this.config = config;
        this.clock = clock;
        this.startupWait = startupWait;
        config.subscribe(ApiKeyEntry.KEY_PREFIX, this::apply);
    }

    private void apply(String key, byte[] value) {
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

    /** Whether every key already on {@code gw.config} at start has been read: until then no key is trusted. */
    public boolean ready() {
        return config.caughtUp();
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
            config.write(
                    entry.configKey(),
                    Json.mapper().writeValueAsBytes(entry),
                    new Correlation("config-" + entry.keyId(), null, entry.tenantId(), TraceParent.newTrace()));
            return entry;
        } catch (GatewayConfigView.ConfigStoreUnavailableException e) {
            throw new KeyStoreUnavailableException(e);
        }
    }

    /** After the configuration reader started: waits until the keys already on the topic are read. */
    @Override
    public void start() {
        running = true;
        if (!config.awaitCaughtUp(startupWait)) {
            log.warn(
                    "gw.config not read to its end within {}; keys made earlier may be refused for a moment",
                    startupWait);
        }
        log.info("{} API key(s) known", entries.size());
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the configuration reader, before the web server takes requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
