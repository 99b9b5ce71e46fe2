package io.aigateway.pipeline.routing;

import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.schemas.config.GatewayConfig;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link RouteTable}. Starts from configuration ({@code gateway.llm.routes}); {@link #replace} swaps
 * in a whole new table at run time, and readers always see one complete table. {@link #follow} makes the LLM routes of
 * the run-time configuration ({@code gw.config}, {@code PUT /v1/admin/config}) replace it with every new version; a
 * version without routes brings back the configured table.
 */
public final class RouteCatalog {

    private final RouteTable configured;
    private final AtomicReference<RouteTable> current;

    public RouteCatalog(RouteTable initial) {
        this.configured = Objects.requireNonNull(initial, "initial");
        this.current = new AtomicReference<>(initial);
    }

    public RouteTable current() {
        return current.get();
    }

    public void replace(RouteTable table) {
        current.set(Objects.requireNonNull(table, "table"));
    }

    /** Follows the run-time configuration's LLM routes from now on. */
    public RouteCatalog follow(GatewayConfigView view) {
        view.onChange(config -> replace(tableOf(config.llm(), configured)));
        return this;
    }

    /** The table of a configuration's LLM part; the configured table when it holds no routes. */
    static RouteTable tableOf(GatewayConfig.Llm llm, RouteTable configured) {
        if (llm == null || llm.routes().isEmpty()) {
            return configured;
        }
        String defaultModel = llm.defaultModel() != null && !llm.defaultModel().isBlank()
                ? llm.defaultModel()
                : configured.defaultModel();
        return new RouteTable(
                defaultModel,
                llm.routes().stream()
                        .map(r -> new ModelRoute(
                                r.tenant(),
                                r.model(),
                                r.providers(),
                                r.systemPrompt(),
                                !Boolean.FALSE.equals(r.retrieval())))
                        .toList());
    }
}
