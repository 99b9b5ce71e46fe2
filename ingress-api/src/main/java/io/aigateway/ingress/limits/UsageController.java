package io.aigateway.ingress.limits;

import io.aigateway.schemas.config.GatewayConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ops/usage} (operators): each tenant's use against its limits as this instance counts it, which is
 * what every instance admits by (within the stated tolerance). Operators watch it before raising a limit or to see
 * which tenant is near its quota; the same counts drive the 429 and 403 answers.
 */
@RestController
public class UsageController {

    private final TenantUsage usage;
    private final TenantPolicies policies;

    public UsageController(TenantUsage usage, TenantPolicies policies) {
        this.usage = usage;
        this.policies = policies;
    }

    /**
     * A tenant's use and limits.
     *
     * @param limits the tenant's limits now (zero is none), as {@code GET /v1/admin/config} shows them
     */
    public record TenantView(String tenant, TenantUsage.Snapshot usage, GatewayConfig.TenantLimits limits) {}

    @GetMapping("/v1/ops/usage")
    public Map<String, Object> usage(@RequestParam(name = "tenant", required = false) String tenant) {
        List<TenantView> tenants = usage.snapshot().entrySet().stream()
                .filter(entry -> tenant == null || entry.getKey().equals(tenant))
                .map(entry -> new TenantView(
                        entry.getKey(), entry.getValue(), TenantPolicies.document(policies.limitsOf(entry.getKey()))))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenants", tenants);
        body.put(
                "windows",
                Map.of("rates", LimitProperties.WINDOW.toString(), "quota", LimitProperties.QUOTA_PERIOD.toString()));
        return body;
    }
}
