package io.aigateway.pipeline.routing;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The LLM routes as one immutable value: looked up per tenant and model, swapped whole when configuration changes
 * (see {@link RouteCatalog}), so a job never sees half of an update. A tenant's own route for a model wins over the
 * route for every tenant.
 */
public final class RouteTable {

    private final String defaultModel;
    private final List<ModelRoute> routes;
    private final Map<String, ModelRoute> byTenantAndModel = new LinkedHashMap<>();

    public RouteTable(String defaultModel, List<ModelRoute> routes) {
        if (defaultModel == null || defaultModel.isBlank()) {
            throw new IllegalArgumentException("the route table needs a default model");
        }
        this.defaultModel = defaultModel.trim();
        this.routes = routes == null || routes.isEmpty()
                ? List.of(new ModelRoute(ModelRoute.ANY_TENANT, this.defaultModel, List.of(), null, true))
                : List.copyOf(routes);
        for (ModelRoute route : this.routes) {
            if (byTenantAndModel.putIfAbsent(key(route.tenant(), route.model()), route) != null) {
                throw new IllegalArgumentException(
                        "two routes for tenant '" + route.tenant() + "' and model '" + route.model() + "'");
            }
        }
    }

    /** The default table: the default model for every tenant, served by the default provider, retrieval first. */
    public static RouteTable of(String defaultModel) {
        return new RouteTable(defaultModel, List.of());
    }

    public String defaultModel() {
        return defaultModel;
    }

    public List<ModelRoute> routes() {
        return routes;
    }

    /** The route for this tenant and model ({@code null} or blank: the default model); empty when there is none. */
    public Optional<ModelRoute> find(String tenant, String model) {
        String wanted = model == null || model.isBlank() ? defaultModel : model.trim();
        ModelRoute own = tenant == null ? null : byTenantAndModel.get(key(tenant, wanted));
        return Optional.ofNullable(own != null ? own : byTenantAndModel.get(key(ModelRoute.ANY_TENANT, wanted)));
    }

    /** The routes this tenant can use, one per model, in configuration order. */
    public List<ModelRoute> routesFor(String tenant) {
        Set<String> seen = new HashSet<>();
        return routes.stream()
                .filter(r -> r.forAnyTenant() || r.tenant().equals(tenant))
                .map(r -> find(tenant, r.model()).orElseThrow())
                .filter(r -> seen.add(r.model()))
                .toList();
    }

    private static String key(String tenant, String model) {
        return tenant + "\u0000" + model;
    }
}
