package io.aigateway.ingress.results;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the ingress reads job states ({@code gateway.ingress.*}).
 *
 * @param resultStoreUrl base URL of the result store's internal API (unused when the result store runs in the same JVM)
 * @param resultStoreTimeout connect and read timeout of one call to the result store
 * @param recentTtl how long a just-accepted job is answered from this instance's memory when the store does not know
 *     it yet (read your writes)
 * @param recentMaxJobs how many just-accepted jobs are kept at most (the oldest go first)
 */
@ConfigurationProperties("gateway.ingress")
public record ResultProperties(
        @DefaultValue("http://localhost:8085") URI resultStoreUrl,
        @DefaultValue("2s") Duration resultStoreTimeout,
        @DefaultValue("60s") Duration recentTtl,
        @DefaultValue("10000") int recentMaxJobs) {

    public ResultProperties {
        if (resultStoreUrl == null || resultStoreUrl.getScheme() == null || resultStoreUrl.getHost() == null) {
            throw new IllegalArgumentException("gateway.ingress.result-store-url needs a scheme and a host");
        }
        if (resultStoreTimeout.isNegative() || resultStoreTimeout.isZero()) {
            throw new IllegalArgumentException("gateway.ingress.result-store-timeout must be positive");
        }
        if (recentTtl.isNegative() || recentTtl.isZero()) {
            throw new IllegalArgumentException("gateway.ingress.recent-ttl must be positive");
        }
        if (recentMaxJobs < 1) {
            throw new IllegalArgumentException("gateway.ingress.recent-max-jobs must be at least 1");
        }
    }

    public static ResultProperties defaults() {
        return new ResultProperties(
                URI.create("http://localhost:8085"), Duration.ofSeconds(2), Duration.ofSeconds(60), 10_000);
    }
}
