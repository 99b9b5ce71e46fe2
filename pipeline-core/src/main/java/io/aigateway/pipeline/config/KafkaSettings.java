package io.aigateway.pipeline.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway reaches Kafka ({@code gateway.kafka.*}). The defaults are tuned for latency on a local broker; the
 * Event Hubs profile overrides them. {@code properties} apply to every client (security settings go there), {@code
 * producer} and {@code consumer} to one kind only.
 *
 * @param bootstrapServers {@code host:port,...}
 * @param partitions partitions of each topic the application creates
 * @param replicationFactor replication of each topic the application creates
 * @param createTopics whether the application creates its topics at start (off where infrastructure creates them)
 * @param eventHubs the Event Hubs profile: when enabled, the client settings Event Hubs documents and its sign-in
 */
@ConfigurationProperties("gateway.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("gateway") String clientIdPrefix,
        Map<String, String> properties,
        Map<String, String> producer,
        Map<String, String> consumer,
        @NestedConfigurationProperty EventHubsProfile eventHubs) {

    @ConstructorBinding
    public KafkaSettings {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
        eventHubs = eventHubs == null ? EventHubsProfile.DISABLED : eventHubs;
        if (eventHubs.enabled()) {
            // Event Hubs creates no topic for a client; infrastructure does (infra/azure)
            createTopics = false;
            bootstrapServers = eventHubs.bootstrapServers();
        }
    }

    /** Settings without the Event Hubs profile. */
    public KafkaSettings(
            String bootstrapServers,
            int partitions,
            short replicationFactor,
            boolean createTopics,
            String clientIdPrefix,
            Map<String, String> properties,
            Map<String, String> producer,
            Map<String, String> consumer) {
        this(
                bootstrapServers,
                partitions,
                replicationFactor,
                createTopics,
                clientIdPrefix,
                properties,
                producer,
                consumer,
                null);
    }

    public static KafkaSettings local(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, 6, (short) 1, true, "gateway", null, null, null);
    }

    public Map<String, Object> adminConfig() {
        Map<String, Object> config = common("admin");
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.putAll(eventHubs.adminConfig());
        return config;
    }

    /**
     * What every client of the gateway shares, Kafka Streams included: the bootstrap servers, the Event Hubs profile's
     * connection and sign-in settings when it is on, and {@code properties}.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(eventHubs.clientConfig());
        config.putAll(properties);
        return config;
    }

    /**
     * Producer defaults: acknowledged by all replicas, idempotent so retries neither duplicate nor reorder, no linger
     * (every hop of a chain waits on the one before it, so a linger adds to every job's latency), and bounded waits so
     * a missing broker becomes an error within seconds instead of a hung request.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = common("producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_500);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArraySerializer");
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArraySerializer");
        config.putAll(eventHubs.producerConfig());
        config.putAll(producer);
        return config;
    }

    /**
     * Consumer defaults: offsets committed by the application only after the work is handed on (at-least-once), reads
     * start at the earliest offset for a new group so nothing accepted before a worker's first start is skipped.
     */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = common("consumer-" + groupId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // topics come from the provisioner or from infrastructure: a reader that starts first must not create one
        // on a broker that allows it (it would come with the broker's defaults, uncompacted)
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        config.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        config.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        config.putAll(eventHubs.consumerConfig());
        config.putAll(consumer);
        return config;
    }

    /**
     * Settings for a Kafka Streams application: {@link #clientConfig()} plus the profile's producer and consumer
     * settings under Streams' {@code producer.} and {@code consumer.} prefixes.
     */
    public Map<String, Object> streamsClientConfig() {
        Map<String, Object> config = clientConfig();
        eventHubs.producerConfig().forEach((key, value) -> config.put("producer." + key, value));
        eventHubs.consumerConfig().forEach((key, value) -> config.put("consumer." + key, value));
        return config;
    }

    /** Settings for a consumer that reads without a group (assigned partitions, no commits). */
    public Map<String, Object> readerConfig(String name) {
        Map<String, Object> config = consumerConfig("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + name);
        return config;
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> config = clientConfig();
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
        return config;
    }
}
