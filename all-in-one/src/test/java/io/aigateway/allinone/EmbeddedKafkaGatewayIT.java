package io.aigateway.allinone;

import io.aigateway.pipeline.testing.TestKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The end-to-end tests on the test JVM's one embedded KRaft broker (spring-kafka-test's global broker). */
class EmbeddedKafkaGatewayIT extends GatewayEndToEndTests {

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    }
}
