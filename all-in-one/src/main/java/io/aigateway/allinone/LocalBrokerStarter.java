package io.aigateway.allinone;

import io.aigateway.allinone.broker.EmbeddedKafkaBroker;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the in-process KRaft broker as soon as the configuration is known and before any bean is made, because the
 * beans (topic creation, the producer, the step runtimes, Kafka Streams) connect to Kafka as they are created; then
 * points {@code gateway.kafka.bootstrap-servers} at it. Closes the broker after the context closed, so the workers
 * could still hand their last records on.
 */
final class LocalBrokerStarter implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(LocalBrokerStarter.class);

    private EmbeddedKafkaBroker broker;
    private LocalBrokerProperties properties;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared);
        } else if (event instanceof ContextClosedEvent && broker != null) {
            log.info("stopping the local broker");
            broker.close();
            broker = null;
        }
    }

    private void start(ApplicationEnvironmentPreparedEvent event) {
        var environment = event.getEnvironment();
        properties = Binder.get(environment).bindOrCreate("gateway.local-broker", LocalBrokerProperties.class);
        if (!properties.enabled() || broker != null) {
            return;
        }
        broker = new EmbeddedKafkaBroker(
                properties.dataDir(),
                properties.host(),
                properties.port(),
                properties.controllerPort(),
                properties.partitions());
        broker.start();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "local-broker",
                        Map.of(
                                "gateway.kafka.bootstrap-servers",
                                broker.bootstrapServers(),
                                "gateway.kafka.partitions",
                                properties.partitions())));
    }

    LocalBrokerProperties properties() {
        return properties;
    }

    String bootstrapServers() {
        return broker == null ? null : broker.bootstrapServers();
    }
}
