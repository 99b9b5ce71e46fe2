package io.aigateway.schemas.config;

import io.aigateway.schemas.SchemaVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What admins change at run time ({@code GET/PUT /v1/admin/config}): the LLM routes, the tenants' limits and PII
 * redaction. One document on the compacted topic {@code gw.config} under {@link #KEY}; every service reads it and a
 * change reaches all of them within seconds. Each change also leaves an audit record under {@code audit/<version>}.
 *
 * @param schemaVersion version of the message contracts the writer used
 * @param version rises by one with every change; 0 is the configuration the services started with
 * @param updatedAt when this version was made
 * @param updatedBy the key id of the admin who made it
 * @param llm the LLM routes: per tenant and model, the provider chain, the system prompt, retrieval first or not
 * @param limits per-tenant limits on job submissions
 * @param pii PII redaction before text reaches an LLM
 */
public record GatewayConfig(
        int schemaVersion, long version, Instant updatedAt, String updatedBy, Llm llm, Limits limits, Pii pii) {

    public static final String KEY = "gateway/config";
    public static final String AUDIT_PREFIX = "audit/";

    public GatewayConfig {
        llm = llm == null ? new Llm(null, List.of()) : llm;
        limits = limits == null ? new Limits(TenantLimits.NONE, Map.of()) : limits;
        pii = pii == null ? new Pii(false, Map.of()) : pii;
    }

    /** This document as the next version, made by {@code by} at {@code at}. */
    public GatewayConfig next(long newVersion, Instant at, String by) {
        return new GatewayConfig(SchemaVersion.CURRENT, newVersion, at, by, llm, limits, pii);
    }

    public static String auditKey(long version) {
        return AUDIT_PREFIX + String.format("%012d", version);
    }

    /** @param defaultModel the model of a job that names none; null keeps the services' configured one */
    public record Llm(String defaultModel, List<Route> routes) {
        public Llm {
            routes = routes == null ? List.of() : List.copyOf(routes);
        }
    }

    /** One LLM route; {@code tenant} {@code *} is every tenant; retrieval runs first unless {@code false}. */
    public record Route(String tenant, String model, List<String> providers, String systemPrompt, Boolean retrieval) {
        public Route {
            providers = providers == null ? List.of() : List.copyOf(providers);
            retrieval = retrieval == null ? Boolean.TRUE : retrieval;
        }
    }

    public record Limits(TenantLimits defaults, Map<String, TenantLimits> tenants) {
        public Limits {
            defaults = defaults == null ? TenantLimits.NONE : defaults;
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        }
    }

    /**
     * Zero, or a limit left out, is no limit. The first three are rates (over them, 429); {@code uploadBytesPerHour} is
     * a quota (over it, 403).
     */
    public record TenantLimits(
            Integer requestsPerMinute, Long tokensPerMinute, Integer concurrentJobs, Long uploadBytesPerHour) {
        public static final TenantLimits NONE = new TenantLimits(0, 0L, 0, 0L);

        public TenantLimits {
            requestsPerMinute = requestsPerMinute == null ? 0 : requestsPerMinute;
            tokensPerMinute = tokensPerMinute == null ? 0L : tokensPerMinute;
            concurrentJobs = concurrentJobs == null ? 0 : concurrentJobs;
            uploadBytesPerHour = uploadBytesPerHour == null ? 0L : uploadBytesPerHour;
        }

        /** Without an upload quota. */
        public TenantLimits(Integer requestsPerMinute, Long tokensPerMinute, Integer concurrentJobs) {
            this(requestsPerMinute, tokensPerMinute, concurrentJobs, 0L);
        }
    }

    /** @param redactByDefault redaction for tenants {@code tenants} does not name */
    public record Pii(Boolean redactByDefault, Map<String, Boolean> tenants) {
        public Pii {
            redactByDefault = redactByDefault != null && redactByDefault;
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        }

        public boolean redactFor(String tenant) {
            return tenants.getOrDefault(tenant, redactByDefault);
        }
    }
}
