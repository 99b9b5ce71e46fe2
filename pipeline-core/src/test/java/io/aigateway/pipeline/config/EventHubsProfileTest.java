package io.aigateway.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.kafka.AzureIdentityLoginCallbackHandler;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The Event Hubs profile against what Event Hubs documents for Kafka clients ("Recommended configurations for Apache
 * Kafka clients", learn.microsoft.com/azure/event-hubs/apache-kafka-configurations, and the Kafka endpoint's overview):
 * each assertion names the documented range it checks. The clients are also built from these settings, so Kafka
 * itself validates every key and value.
 */
class EventHubsProfileTest {

    private final KafkaSettings settings = bind(Map.of(
            "gateway.kafka.event-hubs.enabled", "true",
            "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net"));

    @Test
    void connectsOverTlsOnPort9093WithOauthBearerFromAzureIdentity() {
        Map<String, Object> client = settings.clientConfig();
        assertThat(client).containsEntry("bootstrap.servers", "contoso-gateway.servicebus.windows.net:9093");
        assertThat(client).containsEntry("security.protocol", "SASL_SSL");
        assertThat(client).containsEntry(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        assertThat(client)
                .containsEntry(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, AzureIdentityLoginCallbackHandler.class);
        assertThat((String) client.get(SaslConfigs.SASL_JAAS_CONFIG))
                .isEqualTo("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
    }

    @Test
    void keepsConnectionsAndMetadataUnderTheServiceIdleTimeout() {
        for (Map<String, Object> config :
                new Map[] {settings.producerConfig(), settings.consumerConfig("g"), settings.adminConfig()}) {
            // documented: recommended 180000, permitted < 240000 (Azure closes inbound TCP idle for 240 s)
            assertThat(intValue(config, "metadata.max.age.ms")).isLessThan(240_000);
            assertThat(intValue(config, "connections.max.idle.ms")).isLessThan(240_000);
        }
    }

    @Test
    void producerStaysUnderTheRequestLimitWithTheDocumentedTimeouts() {
        Map<String, Object> producer = settings.producerConfig();
        // documented: max.request.size recommended 1000000, permitted < 1046528
        assertThat(intValue(producer, ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
                .isLessThan(EventHubsProfile.SERVICE_MAX_REQUEST_BYTES);
        // documented: request.timeout.ms recommended 30000..60000, permitted > 20000
        assertThat(intValue(producer, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isBetween(30_000, 60_000);
        // documented: retries > 0 (Kafka's default is Integer.MAX_VALUE; the gateway must not lower it to 0)
        assertThat(producer.getOrDefault(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE))
                .isNotEqualTo(0);
        // Kafka's own rule: delivery.timeout.ms >= linger.ms + request.timeout.ms
        assertThat(intValue(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                .isGreaterThanOrEqualTo(intValue(producer, ProducerConfig.LINGER_MS_CONFIG)
                        + intValue(producer, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        // the Kafka endpoint accepts gzip only
        assertThat(producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("gzip");
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void consumerUsesTheDocumentedSessionAndHeartbeat() {
        Map<String, Object> consumer = settings.consumerConfig("gw-stt");
        // documented: session.timeout.ms recommended 30000, permitted 6000..300000
        assertThat(intValue(consumer, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isBetween(30_000, 300_000);
        // documented: heartbeat.interval.ms recommended 3000
        assertThat(intValue(consumer, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))
                .isEqualTo(3_000);
        // documented: max.poll.interval.ms recommended 300000 (the default), permitted >= session.timeout.ms
        assertThat(intValue(consumer, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG))
                .isGreaterThanOrEqualTo(intValue(consumer, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertThat(intValue(consumer, ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isGreaterThanOrEqualTo(60_000);
    }

    @Test
    void leavesTopicCreationToInfrastructure() {
        assertThat(settings.createTopics()).isFalse();
        assertThat(intValue(settings.adminConfig(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG))
                .isGreaterThanOrEqualTo(60_000);
    }

    @Test
    void kafkaStreamsGetsTheSameSettingsUnderItsPrefixes() {
        Map<String, Object> streams = settings.streamsClientConfig();
        assertThat(streams).containsEntry("security.protocol", "SASL_SSL");
        assertThat(streams).containsEntry("producer.compression.type", "gzip");
        assertThat(streams).containsEntry("producer.max.request.size", 1_000_000);
        assertThat(streams).containsEntry("consumer.session.timeout.ms", 30_000);
    }

    @Test
    void explicitClientSettingsStillWin() {
        KafkaSettings tuned = bind(Map.of(
                "gateway.kafka.event-hubs.enabled", "true",
                "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net",
                "gateway.kafka.producer.request.timeout.ms", "45000"));
        assertThat(tuned.producerConfig()).containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "45000");
    }

    @Test
    void userAssignedIdentityAndConnectionStringSignIns() {
        KafkaSettings userAssigned = bind(Map.of(
                "gateway.kafka.event-hubs.enabled", "true",
                "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net",
                "gateway.kafka.event-hubs.managed-identity-client-id", "1b2c3d"));
        assertThat((String) userAssigned.clientConfig().get(SaslConfigs.SASL_JAAS_CONFIG))
                .endsWith("required clientId=\"1b2c3d\";");

        KafkaSettings connectionString = bind(Map.of(
                "gateway.kafka.event-hubs.enabled", "true",
                "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net",
                "gateway.kafka.event-hubs.auth", "connection-string",
                "gateway.kafka.event-hubs.connection-string", "Endpoint=sb://contoso/;SharedAccessKey=abc"));
        assertThat(connectionString.clientConfig())
                .containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
                .doesNotContainKey(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS);
        assertThat((String) connectionString.clientConfig().get(SaslConfigs.SASL_JAAS_CONFIG))
                .contains("username=\"$ConnectionString\"");
    }

    @Test
    void refusesWhatEventHubsCannotTake() {
        assertThatThrownBy(() -> bind(Map.of(
                        "gateway.kafka.event-hubs.enabled", "true",
                        "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net:9093")))
                .hasStackTraceContaining("namespace host");
        assertThatThrownBy(() -> bind(Map.of(
                        "gateway.kafka.event-hubs.enabled", "true",
                        "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net",
                        "gateway.kafka.event-hubs.compression", "lz4")))
                .hasStackTraceContaining("gzip or none");
        assertThatThrownBy(() -> bind(Map.of(
                        "gateway.kafka.event-hubs.enabled", "true",
                        "gateway.kafka.event-hubs.namespace", "contoso-gateway.servicebus.windows.net",
                        "gateway.kafka.event-hubs.auth", "connection-string")))
                .hasStackTraceContaining("connection-string is required");
    }

    @Test
    void localDefaultsAreUntouchedWhenTheProfileIsOff() {
        KafkaSettings local = bind(Map.of("gateway.kafka.bootstrap-servers", "localhost:9092"));
        assertThat(local.createTopics()).isTrue();
        assertThat(local.clientConfig()).doesNotContainKey("security.protocol");
        assertThat(local.producerConfig()).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    private static KafkaSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gateway.kafka", KafkaSettings.class);
    }

    private static int intValue(Map<String, Object> config, String key) {
        Object value = config.get(key);
        assertThat(value).as(key).isNotNull();
        return Integer.parseInt(String.valueOf(value));
    }
}
