package io.aigateway.pipeline.control;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.config.RegistryEntry;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tells every ingress what this process offers: a {@link RegistryEntry} of its providers on {@code gw.config}, at start
 * and every {@link #PERIOD}, and a tombstone when it stops. A process without providers (the ingress, the result store
 * on their own) says nothing.
 */
public final class RegistryAnnouncer implements SmartLifecycle {

    /** How often an instance repeats what it offers; readers forget an entry not repeated for three periods. */
    public static final Duration PERIOD = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(RegistryAnnouncer.class);

    private final String service;
    private final String instance;
    private final List<ProviderCatalog> catalogs;
    private final ProviderHealth health;
    private final GatewayProducer producer;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private volatile boolean running;

    public RegistryAnnouncer(
            String service,
            List<ProviderCatalog> catalogs,
            ProviderHealth health,
            GatewayProducer producer,
            Clock clock) {
        this.service = service;
        this.instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.catalogs = List.copyOf(catalogs);
        this.health = health;
        this.producer = producer;
        this.clock = clock;
    }

    /** What this process offers now, with failing providers marked. */
    public RegistryEntry entry() {
        List<RegistryEntry.Provider> providers = new ArrayList<>();
        for (ProviderCatalog catalog : catalogs) {
            for (RegistryEntry.Provider p : catalog.providers()) {
                boolean failing =
                        RegistryEntry.Provider.READY.equals(p.status()) && health.failing(p.capability(), p.name());
                providers.add(
                        failing
                                ? new RegistryEntry.Provider(
                                        p.capability(),
                                        p.name(),
                                        RegistryEntry.Provider.FAILING,
                                        "most of its calls failed in the last minute",
                                        p.models(),
                                        p.voices(),
                                        p.languages())
                                : p);
            }
        }
        return RegistryEntry.of(service, instance, clock.instant(), providers);
    }

    private void announce() {
        try {
            RegistryEntry entry = entry();
            producer.send(Topics.CONFIG, entry.key(), Json.mapper().writeValueAsBytes(entry), correlation());
        } catch (RuntimeException e) {
            log.debug("could not announce this instance's providers: {}", e.toString());
        }
    }

    private Correlation correlation() {
        return new Correlation("registry-" + instance, null, null, TraceParent.newTrace());
    }

    @Override
    public void start() {
        if (catalogs.isEmpty()) {
            return;
        }
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-announcer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::announce, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        timer.shutdownNow();
        try {
            producer.send(Topics.CONFIG, RegistryEntry.KEY_PREFIX + service + "/" + instance, null, correlation())
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("could not withdraw this instance's registry entry: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
