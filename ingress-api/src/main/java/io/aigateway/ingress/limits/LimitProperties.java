package io.aigateway.ingress.limits;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant limits on job submissions ({@code gateway.ingress.limits.*}). {@code defaults} apply to every tenant that
 * {@code tenants} does not name. Zero means no limit. They hold across ingress instances: every instance counts what
 * all of them admitted, from {@code gw.events} (see {@link TenantUsage}).
 *
 * @param defaults the limits of a tenant without its own
 * @param tenants limits of named tenants, replacing the defaults for them
 * @param defaultMaxTokens the completion tokens assumed for an LLM job that names no {@code maxTokens}, when
 *     estimating its tokens before the call
 */
@ConfigurationProperties("gateway.ingress.limits")
public record LimitProperties(
        @DefaultValue TenantLimits defaults,
        Map<String, TenantLimits> tenants,
        @DefaultValue("512") int defaultMaxTokens) {

    public LimitProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    public TenantLimits of(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /**
     * @param requestsPerMinute jobs admitted per minute; over it, 429 with Retry-After
     * @param tokensPerMinute LLM tokens per minute, estimated before the call and settled after; over it, 429
     * @param concurrentJobs jobs accepted and not yet finished; over it, 429
     */
    public record TenantLimits(
            @DefaultValue("0") int requestsPerMinute,
            @DefaultValue("0") long tokensPerMinute,
            @DefaultValue("0") int concurrentJobs) {

        public TenantLimits {
            if (requestsPerMinute < 0 || tokensPerMinute < 0 || concurrentJobs < 0) {
                throw new IllegalArgumentException("limits are zero (none) or positive");
            }
        }

        public static TenantLimits none() {
            return new TenantLimits(0, 0, 0);
        }
    }

    /** The window of the per-minute limits. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
}
