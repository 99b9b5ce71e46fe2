package io.aigateway.ingress.limits;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-tenant limits on job submissions ({@code gateway.ingress.limits.*}). {@code defaults} apply to every tenant that
 * {@code tenants} does not name. Zero means no limit. They hold across ingress instances: every instance counts what
 * all of them admitted, from {@code gw.events} (see {@link TenantUsage}).
 *
 * @param defaults the limits of a tenant without its own
 * @param tenants limits of named tenants, replacing the defaults for them
 * @param defaultMaxTokens the completion tokens assumed for an LLM job that names no {@code maxTokens}, when
 *     estimating its tokens before the call
 * @param usageReadBack how far back an instance reads {@code gw.events} at start to count what every instance admitted
 *     before it: at least the hour of the upload quota, so that a restart does not reset a tenant's uploads; a shorter
 *     read-back starts faster on a busy topic and counts uploads from then on
 */
@ConfigurationProperties("gateway.ingress.limits")
public record LimitProperties(
        @DefaultValue TenantLimits defaults,
        Map<String, TenantLimits> tenants,
        @DefaultValue("512") int defaultMaxTokens,
        @DefaultValue("1h") Duration usageReadBack) {

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
     * @param uploadBytesPerHour a quota: audio bytes uploaded in the last hour (for example {@code 2GB}); over it, 403
     */
    public record TenantLimits(
            @DefaultValue("0") int requestsPerMinute,
            @DefaultValue("0") long tokensPerMinute,
            @DefaultValue("0") int concurrentJobs,
            @DefaultValue("0B") DataSize uploadBytesPerHour) {

        public TenantLimits {
            uploadBytesPerHour = uploadBytesPerHour == null ? DataSize.ofBytes(0) : uploadBytesPerHour;
            if (requestsPerMinute < 0 || tokensPerMinute < 0 || concurrentJobs < 0 || uploadBytesPerHour.isNegative()) {
                throw new IllegalArgumentException("limits are zero (none) or positive");
            }
        }

        /** Rates only, without an upload quota (a factory, not a constructor: the binder needs one constructor). */
        public static TenantLimits rates(int requestsPerMinute, long tokensPerMinute, int concurrentJobs) {
            return new TenantLimits(requestsPerMinute, tokensPerMinute, concurrentJobs, DataSize.ofBytes(0));
        }

        public static TenantLimits none() {
            return rates(0, 0, 0);
        }
    }

    /** The window of the per-minute limits. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    /** The period of the upload quota. */
    public static final Duration QUOTA_PERIOD = Duration.ofHours(1);
}
