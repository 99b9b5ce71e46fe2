package io.aigateway.pipeline.testing;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.TopicProvisioner;

/**
 * The broker of the test JVM: spring-kafka-test's global embedded KRaft broker, started once for all test classes of a
 * module (see {@code junit-platform.properties}). Topics are created once, as the application would.
 */
public final class TestKafka {

    public static final String BROKERS_PROPERTY = "spring.embedded.kafka.brokers";

    private static volatile boolean topicsReady;

    private TestKafka() {}

    public static String bootstrapServers() {
        String brokers = System.getProperty(BROKERS_PROPERTY);
        if (brokers == null || brokers.isBlank()) {
            throw new IllegalStateException("no embedded broker: is spring.kafka.global.embedded.enabled=true set in "
                    + "src/test/resources/junit-platform.properties?");
        }
        return brokers;
    }

    /** Settings for the test broker, with the gateway's topics created (3 partitions, as the embedded default). */
    public static KafkaSettings settings() {
        KafkaSettings settings = new KafkaSettings(bootstrapServers(), 3, (short) 1, true, "test", null, null, null);
        if (!topicsReady) {
            synchronized (TestKafka.class) {
                if (!topicsReady) {
                    new TopicProvisioner(settings).ensureTopics();
                    topicsReady = true;
                }
            }
        }
        return settings;
    }
}
