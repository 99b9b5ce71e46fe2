package io.aigateway.results.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.results.ResultStoreProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ResultStoreStreamsTest {

    private static ResultStoreProperties properties(Map<String, String> streams) {
        return new ResultStoreProperties(
                "gw-result-store",
                Path.of("/tmp/streams"),
                URI.create("http://store-2:8085"),
                2,
                Duration.ofMillis(100),
                Duration.ofHours(24),
                Duration.ofMinutes(1),
                streams);
    }

    @Test
    void theStreamsSettingsFavourLatencyAndAtLeastOnce() {
        KafkaSettings kafka = new KafkaSettings(
                "broker:9093", 6, (short) 3, true, "gw", Map.of("security.protocol", "SASL_SSL"), null, null);

        Properties config = ResultStoreStreams.streamsConfig(
                kafka, properties(null), ResultStoreStreams.self(URI.create("http://store-2:8085")));

        assertThat(config)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "gw-result-store")
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "store-2:8085")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
                .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3);
        // Streams accepts the whole set
        assertThat(new StreamsConfig(config).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .isEqualTo(100L);
    }

    @Test
    void extraStreamsSettingsOverrideTheDefaults() {
        Properties config = ResultStoreStreams.streamsConfig(
                KafkaSettings.local("localhost:9092"),
                properties(Map.of("num.standby.replicas", "1", StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")),
                new HostInfo("localhost", 8085));

        assertThat(config)
                .containsEntry("num.standby.replicas", "1")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250");
    }

    @Test
    void anAdvertisedUrlWithoutAPortIsRejected() {
        assertThatThrownBy(() -> new ResultStoreProperties(
                        "gw-result-store",
                        Path.of("x"),
                        URI.create("http://store-2"),
                        1,
                        Duration.ofMillis(100),
                        Duration.ofHours(1),
                        Duration.ofMinutes(1),
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("advertised-url");
    }
}
