package io.aigateway.pipeline.kafka;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the gateway's topics (the closed list in {@link Topics}) when they are missing. Event Hubs cannot create
 * topics on the fly, so nothing relies on auto-creation; on Azure the infrastructure creates them and this is switched
 * off with {@code gateway.kafka.create-topics=false}.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final KafkaSettings settings;

    public TopicProvisioner(KafkaSettings settings) {
        this.settings = settings;
    }

    public void ensureTopics() {
        ensure(Topics.all());
    }

    public void ensure(List<Topic<?, ?>> topics) {
        try (Admin admin = Admin.create(settings.adminConfig())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(this::newTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    log.info("created topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create the gateway's topics on " + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private NewTopic newTopic(Topic<?, ?> topic) {
        NewTopic t = new NewTopic(topic.name(), settings.partitions(), settings.replicationFactor());
        if (topic.compacted()) {
            t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return t;
    }
}
