package io.aigateway.allinone;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end tests on Apache Kafka in a container, for machines with a Docker engine; skipped cleanly where
 * none runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaGatewayIT extends GatewayEndToEndTests {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("gateway.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }
}
