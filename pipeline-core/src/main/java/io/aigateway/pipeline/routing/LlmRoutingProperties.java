package io.aigateway.pipeline.routing;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LLM routes as configured ({@code gateway.llm.default-model} and {@code gateway.llm.routes[*]}), read by the llm
 * worker (which provider chain serves a model) and the ingress (which models exist, whether retrieval runs first).
 *
 * @param defaultModel the model of a job that names none
 * @param routes the routes; none configured means the default model for every tenant on the default provider
 */
@ConfigurationProperties("gateway.llm")
public record LlmRoutingProperties(
        @DefaultValue("mock-grounded") String defaultModel, List<ModelRoute> routes) {

    public LlmRoutingProperties {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    public RouteTable toTable() {
        return new RouteTable(defaultModel, routes);
    }
}
