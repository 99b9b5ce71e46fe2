package io.aigateway.ingress.registry;

import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.control.RegistryAnnouncer;
import io.aigateway.schemas.config.RegistryEntry;
import io.aigateway.schemas.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers of every running service instance, as they announce themselves on {@code gw.config} ({@link
 * RegistryAnnouncer}), merged per capability and provider. An instance not heard from for three announcement periods
 * is forgotten. The merged view is cached for a few seconds: the registry is read often and changes rarely.
 */
public final class RegistryView {

    private static final Duration STALE = RegistryAnnouncer.PERIOD.multipliedBy(3);
    private static final Duration CACHE = Duration.ofSeconds(5);

    private final Clock clock;
    private final Map<String, RegistryEntry> entries = new ConcurrentHashMap<>();
    private volatile Snapshot cached;

    public RegistryView(GatewayConfigView config, Clock clock) {
        this.clock = clock;
        config.subscribe(RegistryEntry.KEY_PREFIX, this::apply);
    }

    private void apply(String key, byte[] value) {
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, Json.mapper().readValue(value, RegistryEntry.class));
        }
        cached = null;
    }

    /** One provider of one capability over all instances that offer it. */
    public record ProviderView(
            String name,
            String status,
            Map<String, Integer> instances,
            List<String> models,
            List<String> voices,
            List<String> languages,
            List<String> details) {}

    public record Snapshot(Instant at, Map<String, List<ProviderView>> capabilities) {}

    public Snapshot snapshot() {
        Snapshot current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.at().plus(CACHE))) {
            return current;
        }
        current = merge(now);
        cached = current;
        return current;
    }

    private Snapshot merge(Instant now) {
        Map<String, Map<String, List<RegistryEntry.Provider>>> byCapability = new TreeMap<>();
        for (RegistryEntry entry : entries.values()) {
            if (entry.at() == null || entry.at().isBefore(now.minus(STALE))) {
                continue;
            }
            for (RegistryEntry.Provider p : entry.providers()) {
                byCapability
                        .computeIfAbsent(p.capability(), c -> new TreeMap<>())
                        .computeIfAbsent(p.name(), n -> new ArrayList<>())
                        .add(p);
            }
        }
        Map<String, List<ProviderView>> capabilities = new LinkedHashMap<>();
        byCapability.forEach((capability, providers) -> {
            List<ProviderView> views = new ArrayList<>();
            providers.forEach((name, offers) -> views.add(view(name, offers)));
            capabilities.put(capability, views);
        });
        return new Snapshot(now, capabilities);
    }

    /** Ready when any instance has it ready; failing when every instance that has it configured fails with it. */
    private static ProviderView view(String name, List<RegistryEntry.Provider> offers) {
        Map<String, Integer> instances = new TreeMap<>();
        TreeSet<String> models = new TreeSet<>();
        TreeSet<String> voices = new TreeSet<>();
        TreeSet<String> languages = new TreeSet<>();
        TreeSet<String> details = new TreeSet<>();
        for (RegistryEntry.Provider p : offers) {
            instances.merge(p.status(), 1, Integer::sum);
            models.addAll(p.models());
            voices.addAll(p.voices());
            languages.addAll(p.languages());
            if (p.detail() != null) {
                details.add(p.detail());
            }
        }
        String status = instances.containsKey(RegistryEntry.Provider.READY)
                ? RegistryEntry.Provider.READY
                : instances.containsKey(RegistryEntry.Provider.FAILING)
                        ? RegistryEntry.Provider.FAILING
                        : RegistryEntry.Provider.UNCONFIGURED;
        return new ProviderView(
                name,
                status,
                instances,
                List.copyOf(models),
                List.copyOf(voices),
                List.copyOf(languages),
                List.copyOf(details));
    }
}
