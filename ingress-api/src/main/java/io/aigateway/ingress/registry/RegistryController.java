package io.aigateway.ingress.registry;

import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.routing.LlmRoutingProperties;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteCatalog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/registry}: the providers per capability (speech-to-text, retrieval, LLM, text-to-speech) with their
 * status over all running instances, their models, voices and languages, and the LLM routes the caller's tenant can
 * use. Any key may read it; nothing in it is a secret.
 */
@RestController
public class RegistryController {

    private final RegistryView registry;
    private final ObjectProvider<RouteCatalog> routes;
    private final ObjectProvider<LlmRoutingProperties> routing;
    private final TenantResolver tenants;

    public RegistryController(
            RegistryView registry,
            ObjectProvider<RouteCatalog> routes,
            ObjectProvider<LlmRoutingProperties> routing,
            TenantResolver tenants) {
        this.registry = registry;
        this.routes = routes;
        this.routing = routing;
        this.tenants = tenants;
    }

    @GetMapping("/v1/registry")
    public ResponseEntity<Map<String, Object>> registry(HttpServletRequest request) {
        RegistryView.Snapshot snapshot = registry.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", snapshot.at());
        body.put("capabilities", snapshot.capabilities());
        body.put("routes", routesFor(tenants.tenantOf(request)));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(5, TimeUnit.SECONDS).cachePrivate())
                .body(body);
    }

    private List<Map<String, Object>> routesFor(String tenant) {
        RouteCatalog catalog = routes.getIfAvailable();
        List<ModelRoute> visible;
        if (catalog != null) {
            visible = catalog.current().routesFor(tenant);
        } else {
            LlmRoutingProperties configured = routing.getIfAvailable();
            visible = configured == null ? List.of() : configured.toTable().routesFor(tenant);
        }
        return visible.stream()
                .map(r -> {
                    Map<String, Object> route = new LinkedHashMap<>();
                    route.put("model", r.model());
                    route.put("providers", r.providers());
                    route.put("retrieval", r.retrieval());
                    route.put("tenantSpecific", !r.forAnyTenant());
                    return route;
                })
                .toList();
    }
}
