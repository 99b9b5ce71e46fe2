package io.aigateway.pipeline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable(
            "gpt-4o-mini",
            List.of(
                    new ModelRoute("*", "gpt-4o-mini", List.of("azure-east", "azure-west"), null, true),
                    new ModelRoute("*", "llama3", List.of("ollama"), "Be brief.", false),
                    new ModelRoute("acme", "gpt-4o-mini", List.of("acme-azure"), "Acme prompt", true),
                    new ModelRoute("acme", "acme-only", List.of("acme-azure"), null, false)));

    @Test
    void aTenantsOwnRouteWinsOverTheRouteForEveryTenant() {
        assertThat(table.find("acme", "gpt-4o-mini").orElseThrow().providers()).containsExactly("acme-azure");
        assertThat(table.find("globex", "gpt-4o-mini").orElseThrow().providers())
                .containsExactly("azure-east", "azure-west");
    }

    @Test
    void noModelMeansTheDefaultModelAndAnUnknownModelHasNoRoute() {
        assertThat(table.find("globex", null).orElseThrow().model()).isEqualTo("gpt-4o-mini");
        assertThat(table.find("globex", "gpt-5")).isEmpty();
        assertThat(table.find("globex", "acme-only")).isEmpty();
    }

    @Test
    void aTenantSeesEachOfItsModelsOnce() {
        assertThat(table.routesFor("acme").stream().map(ModelRoute::model))
                .containsExactly("gpt-4o-mini", "llama3", "acme-only");
        assertThat(table.routesFor("acme").get(0).tenant()).isEqualTo("acme");
        assertThat(table.routesFor("globex").stream().map(ModelRoute::model)).containsExactly("gpt-4o-mini", "llama3");
    }

    @Test
    void withoutRoutesTheDefaultModelIsServedForEveryTenant() {
        RouteTable defaults = RouteTable.of("mock-grounded");
        ModelRoute route = defaults.find("anyone", "mock-grounded").orElseThrow();
        assertThat(route.providers()).isEmpty();
        assertThat(route.retrieval()).isTrue();
    }

    @Test
    void twoRoutesForTheSameTenantAndModelAreRefused() {
        assertThatThrownBy(() -> new RouteTable(
                        "m",
                        List.of(
                                new ModelRoute("*", "m", null, null, false),
                                new ModelRoute(null, "m", null, null, true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two routes");
    }

    @Test
    void theCatalogSwapsWholeTables() {
        RouteCatalog catalog = new RouteCatalog(RouteTable.of("a"));
        catalog.replace(table);
        assertThat(catalog.current()).isSameAs(table);
    }

    @Test
    void theRunTimeConfigurationsRoutesReplaceTheConfiguredOnesAndNoRoutesBringThemBack() {
        RouteTable configured = RouteTable.of("mock-grounded");
        RouteTable fromConfig = RouteCatalog.tableOf(
                new io.aigateway.schemas.config.GatewayConfig.Llm(
                        null,
                        List.of(new io.aigateway.schemas.config.GatewayConfig.Route(
                                "acme", "gpt-4o", List.of("azure-east"), "Acme", null))),
                configured);

        assertThat(fromConfig.defaultModel()).isEqualTo("mock-grounded");
        ModelRoute acme = fromConfig.find("acme", "gpt-4o").orElseThrow();
        assertThat(acme.providers()).containsExactly("azure-east");
        assertThat(acme.retrieval()).isTrue();
        assertThat(fromConfig.find("globex", "gpt-4o")).isEmpty();
        assertThat(RouteCatalog.tableOf(new io.aigateway.schemas.config.GatewayConfig.Llm("x", List.of()), configured))
                .isSameAs(configured);
        assertThat(RouteCatalog.tableOf(null, configured)).isSameAs(configured);
    }
}
