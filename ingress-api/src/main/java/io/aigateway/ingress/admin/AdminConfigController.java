package io.aigateway.ingress.admin;

import io.aigateway.ingress.auth.Caller;
import io.aigateway.ingress.limits.LimitProperties.TenantLimits;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.routing.LlmRoutingProperties;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteTable;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.config.GatewayConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The run-time configuration: LLM routes, tenants' limits and PII redaction ({@code /v1/admin/config}; admin keys
 * only). {@code GET} answers the current version with its number as the {@code ETag}; {@code PUT} replaces the whole
 * document and must name the version it was made from in {@code If-Match}, so two admins cannot silently overwrite
 * each other. A change is checked, published on {@code gw.config} with an audit copy, and read by every service
 * within seconds.
 */
@RestController
@RequestMapping("/v1/admin/config")
public class AdminConfigController {

    private static final Logger audit = LoggerFactory.getLogger("io.aigateway.audit");
    private static final String TENANT = "[A-Za-z0-9._-]{1,64}";
    private static final String PROVIDER = "[a-z0-9._-]{1,64}";

    private final GatewayConfigView view;
    private final TenantPolicies policies;
    private final ObjectProvider<LlmRoutingProperties> routing;
    private final Clock clock;

    public AdminConfigController(
            GatewayConfigView view,
            TenantPolicies policies,
            ObjectProvider<LlmRoutingProperties> routing,
            Clock clock) {
        this.view = view;
        this.policies = policies;
        this.routing = routing;
        this.clock = clock;
    }

    /** What an admin sends: the three parts; version and authorship are the gateway's to set. */
    public record ConfigChange(GatewayConfig.Llm llm, GatewayConfig.Limits limits, GatewayConfig.Pii pii) {}

    @GetMapping
    public ResponseEntity<GatewayConfig> get() {
        GatewayConfig config = current();
        return ResponseEntity.ok().eTag(etag(config.version())).body(config);
    }

    @PutMapping
    public ResponseEntity<GatewayConfig> put(
            @RequestBody ConfigChange change,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            HttpServletRequest request) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(
                    ProblemCode.PRECONDITION_REQUIRED,
                    "send If-Match with the ETag of the configuration you changed (GET /v1/admin/config)");
        }
        long expected = parseVersion(ifMatch);
        GatewayConfig current = current();
        validate(change, current);
        String by = Caller.of(request).map(Caller::keyId).orElse("none");
        GatewayConfig next = new GatewayConfig(
                        SchemaVersion.CURRENT, 0, null, null, change.llm(), change.limits(), change.pii())
                .next(current.version() + 1, clock.instant(), by);
        try {
            view.publish(next, expected);
        } catch (GatewayConfigView.VersionConflictException e) {
            throw new ApiException(ProblemCode.CONFIG_VERSION_CONFLICT, e.getMessage());
        } catch (GatewayConfigView.ConfigStoreUnavailableException e) {
            throw new ApiException(ProblemCode.BROKER_UNAVAILABLE, e.getMessage(), List.of(), e);
        }
        audit.info(
                "configuration version {} published by key {}: {} route(s), {} tenant limit(s), {} tenant PII setting(s)",
                next.version(),
                by,
                next.llm().routes().size(),
                next.limits().tenants().size(),
                next.pii().tenants().size());
        return ResponseEntity.ok().eTag(etag(next.version())).body(next);
    }

    /** The admin's latest version, or version 0: what the services started with. */
    private GatewayConfig current() {
        return view.current().orElseGet(() -> {
            LlmRoutingProperties llm = routing.getIfAvailable();
            GatewayConfig.Llm routes = llm == null
                    ? new GatewayConfig.Llm(null, List.of())
                    : new GatewayConfig.Llm(
                            llm.defaultModel(),
                            llm.routes().stream()
                                    .map(r -> new GatewayConfig.Route(
                                            r.tenant(), r.model(), r.providers(), r.systemPrompt(), r.retrieval()))
                                    .toList());
            return new GatewayConfig(
                    SchemaVersion.CURRENT, 0, null, null, routes, policies.limitsDocument(), policies.piiDocument());
        });
    }

    private static void validate(ConfigChange change, GatewayConfig current) {
        List<FieldError> errors = new ArrayList<>();
        if (change.llm() != null) {
            for (int i = 0; i < change.llm().routes().size(); i++) {
                GatewayConfig.Route route = change.llm().routes().get(i);
                String at = "llm.routes[" + i + "]";
                if (route.tenant() != null
                        && !route.tenant().equals("*")
                        && !route.tenant().matches(TENANT)) {
                    errors.add(new FieldError(at + ".tenant", "a tenant id or *"));
                }
                for (String provider : route.providers()) {
                    if (provider == null || !provider.matches(PROVIDER)) {
                        errors.add(new FieldError(at + ".providers", "provider names are 1 to 64 of a-z 0-9 . _ -"));
                    }
                }
            }
            String defaultModel = change.llm().defaultModel() != null
                    ? change.llm().defaultModel()
                    : current.llm().defaultModel() != null ? current.llm().defaultModel() : "default";
            try {
                new RouteTable(
                        defaultModel,
                        change.llm().routes().stream()
                                .map(r -> new ModelRoute(
                                        r.tenant(), r.model(), r.providers(), r.systemPrompt(), r.retrieval()))
                                .toList());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("llm.routes", e.getMessage()));
            }
        }
        if (change.limits() != null) {
            checkLimits("limits.defaults", change.limits().defaults(), errors);
            for (Map.Entry<String, GatewayConfig.TenantLimits> tenant :
                    change.limits().tenants().entrySet()) {
                if (!tenant.getKey().matches(TENANT)) {
                    errors.add(new FieldError("limits.tenants", "'" + tenant.getKey() + "' is not a tenant id"));
                }
                checkLimits("limits.tenants." + tenant.getKey(), tenant.getValue(), errors);
            }
        }
        if (change.pii() != null) {
            change.pii().tenants().keySet().stream()
                    .filter(t -> !t.matches(TENANT))
                    .forEach(t -> errors.add(new FieldError("pii.tenants", "'" + t + "' is not a tenant id")));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(
                    ProblemCode.INVALID_CONFIG, "the configuration is not valid; nothing changed", errors);
        }
    }

    private static void checkLimits(String field, GatewayConfig.TenantLimits limits, List<FieldError> errors) {
        if (limits == null) {
            return;
        }
        try {
            new TenantLimits(
                    limits.requestsPerMinute(),
                    limits.tokensPerMinute(),
                    limits.concurrentJobs(),
                    DataSize.ofBytes(limits.uploadBytesPerHour()));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
        }
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static long parseVersion(String ifMatch) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ApiException(
                    ProblemCode.CONFIG_VERSION_CONFLICT, "If-Match '" + ifMatch + "' names no configuration version");
        }
    }
}
