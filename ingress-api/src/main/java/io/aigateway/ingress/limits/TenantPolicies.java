package io.aigateway.ingress.limits;

import io.aigateway.ingress.limits.LimitProperties.TenantLimits;
import io.aigateway.schemas.config.GatewayConfig;
import java.util.HashMap;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * What applies to each tenant's jobs now: its limits and whether its text is redacted before an LLM sees it. The
 * services' configuration files give the start; an admin's change ({@code PUT /v1/admin/config}, a new {@link
 * GatewayConfig} on {@code gw.config}) replaces it on every instance.
 */
public final class TenantPolicies {

    private final LimitProperties configured;
    private final boolean redactByDefault;
    private volatile GatewayConfig changed;

    public TenantPolicies(LimitProperties configured, boolean redactByDefault) {
        this.configured = configured;
        this.redactByDefault = redactByDefault;
    }

    /** Applies an admin's version (called by the configuration view, on every instance). */
    public void apply(GatewayConfig config) {
        changed = config;
    }

    public TenantLimits limitsOf(String tenant) {
        GatewayConfig config = changed;
        if (config == null) {
            return configured.of(tenant);
        }
        GatewayConfig.TenantLimits limits =
                config.limits().tenants().getOrDefault(tenant, config.limits().defaults());
        return new TenantLimits(
                limits.requestsPerMinute(),
                limits.tokensPerMinute(),
                limits.concurrentJobs(),
                DataSize.ofBytes(limits.uploadBytesPerHour()));
    }

    public int defaultMaxTokens() {
        return configured.defaultMaxTokens();
    }

    public boolean redactPii(String tenant) {
        GatewayConfig config = changed;
        return config == null ? redactByDefault : config.pii().redactFor(tenant);
    }

    /**
     * Whether a job or batch of {@code tenant} is redacted: when it asked, or when its tenant's policy says so. A
     * request can ask for more redaction than its tenant's policy, never for less.
     */
    public boolean redactPii(String tenant, Boolean asked) {
        return Boolean.TRUE.equals(asked) || redactPii(tenant);
    }

    /** Limits and PII as a configuration document: what {@code GET /v1/admin/config} shows before any change. */
    public GatewayConfig.Limits limitsDocument() {
        GatewayConfig config = changed;
        if (config != null) {
            return config.limits();
        }
        Map<String, GatewayConfig.TenantLimits> tenants = new HashMap<>();
        configured.tenants().forEach((tenant, l) -> tenants.put(tenant, document(l)));
        return new GatewayConfig.Limits(document(configured.defaults()), tenants);
    }

    public GatewayConfig.Pii piiDocument() {
        GatewayConfig config = changed;
        return config != null ? config.pii() : new GatewayConfig.Pii(redactByDefault, Map.of());
    }

    /** A tenant's limits as the configuration document writes them. */
    static GatewayConfig.TenantLimits document(TenantLimits limits) {
        return new GatewayConfig.TenantLimits(
                limits.requestsPerMinute(),
                limits.tokensPerMinute(),
                limits.concurrentJobs(),
                limits.uploadBytesPerHour().toBytes());
    }
}
