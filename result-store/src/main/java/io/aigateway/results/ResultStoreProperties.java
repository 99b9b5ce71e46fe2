package io.aigateway.results;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the result store ({@code gateway.results.*}): its Kafka Streams instance, how long it keeps jobs, and
 * where other instances reach it.
 *
 * @param applicationId the Streams application id: consumer group and prefix of the changelog topics
 * @param stateDir where RocksDB keeps the stores
 * @param advertisedUrl how other instances reach this one's HTTP server (scheme, host and port); its host and port are
 *     the Streams {@code application.server}. Null means {@code http://localhost:${server.port}}
 * @param streamThreads stream threads of this instance
 * @param commitInterval how often processed offsets (and the stores' changelogs) are committed
 * @param retention how long a job is kept after its last event
 * @param expiryInterval how often (wall-clock) expired jobs are looked for
 * @param streams further Kafka Streams settings, passed as they are (for example {@code num.standby.replicas})
 */
@ConfigurationProperties("gateway.results")
public record ResultStoreProperties(
        @DefaultValue("gw-result-store") String applicationId,
        @DefaultValue("./data/streams") Path stateDir,
        URI advertisedUrl,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("1m") Duration expiryInterval,
        Map<String, String> streams) {

    public ResultStoreProperties {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("gateway.results.application-id must not be blank");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("gateway.results.stream-threads must be at least 1");
        }
        requirePositive(commitInterval, "commit-interval");
        requirePositive(retention, "retention");
        requirePositive(expiryInterval, "expiry-interval");
        if (advertisedUrl != null && (advertisedUrl.getHost() == null || advertisedUrl.getPort() < 1)) {
            throw new IllegalArgumentException(
                    "gateway.results.advertised-url needs a host and an explicit port, was " + advertisedUrl);
        }
        streams = streams == null ? Map.of() : Map.copyOf(streams);
    }

    /** The defaults, for tests and tools. */
    public static ResultStoreProperties defaults() {
        return new ResultStoreProperties(
                "gw-result-store",
                Path.of("./data/streams"),
                null,
                1,
                Duration.ofMillis(100),
                Duration.ofHours(24),
                Duration.ofMinutes(1),
                null);
    }

    /** The advertised URL, or {@code http://localhost:<serverPort>} when none is set. */
    public URI advertisedUrlOr(int serverPort) {
        return advertisedUrl != null ? advertisedUrl : URI.create("http://localhost:" + serverPort);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("gateway.results." + name + " must be positive, was " + value);
        }
    }
}
