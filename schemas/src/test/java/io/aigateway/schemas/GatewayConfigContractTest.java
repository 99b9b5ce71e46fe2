package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.GATEWAY_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.config.GatewayConfig;
import io.aigateway.schemas.config.RegistryEntry;
import io.aigateway.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The run-time configuration's wire form on gw.config against gateway-config.schema.json. */
class GatewayConfigContractTest {

    static Stream<GatewayConfig> configs() {
        return Stream.of(
                new GatewayConfig(SchemaVersion.CURRENT, 0, null, null, null, null, null),
                new GatewayConfig(
                        SchemaVersion.CURRENT,
                        7,
                        Instant.parse("2026-12-04T10:15:30Z"),
                        "a1b2c3d4e5f60718",
                        new GatewayConfig.Llm(
                                "gpt-4o-mini",
                                List.of(
                                        new GatewayConfig.Route(
                                                "*", "gpt-4o-mini", List.of("azure", "local"), "Be brief.", true),
                                        new GatewayConfig.Route("acme", "gpt-4o-mini", List.of("azure"), null, false))),
                        new GatewayConfig.Limits(
                                new GatewayConfig.TenantLimits(600, 200_000L, 50),
                                Map.of("acme", new GatewayConfig.TenantLimits(60, 20_000L, 5))),
                        new GatewayConfig.Pii(false, Map.of("acme", true))));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void crossesTheConfigTopicUnchangedAndMatchesTheSchema(GatewayConfig config) {
        byte[] bytes = Json.mapper().writeValueAsBytes(config);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(ContractSchemas.published().violations(GATEWAY_CONFIG, json)).isEmpty();
        assertThat(ContractSchemas.closed().violations(GATEWAY_CONFIG, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Json.mapper().readValue(bytes, GatewayConfig.class)).isEqualTo(config);
    }

    @Test
    void aRegistryEntryCrossesTheConfigTopicUnchangedAndMatchesItsSchema() {
        RegistryEntry entry = RegistryEntry.of(
                "tts-worker",
                "7f3a9c2e",
                Instant.parse("2026-12-04T10:15:30Z"),
                List.of(
                        new RegistryEntry.Provider(
                                "tts", "freetts", "ready", null, null, List.of("kevin16"), List.of("en-US")),
                        new RegistryEntry.Provider(
                                "tts", "azure-speech", "unconfigured", "no region or endpoint", null, null, null)));
        byte[] bytes = Json.mapper().writeValueAsBytes(entry);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(ContractSchemas.published().violations(ContractSchemas.REGISTRY_ENTRY, json))
                .isEmpty();
        assertThat(ContractSchemas.closed().violations(ContractSchemas.REGISTRY_ENTRY, json))
                .isEmpty();
        assertThat(Json.mapper().readValue(bytes, RegistryEntry.class)).isEqualTo(entry);
        assertThat(entry.key()).isEqualTo("registry/tts-worker/7f3a9c2e");
    }

    @Test
    void piiFollowsTheTenantThenTheDefault() {
        GatewayConfig.Pii pii = new GatewayConfig.Pii(true, Map.of("acme", false));
        assertThat(pii.redactFor("acme")).isFalse();
        assertThat(pii.redactFor("globex")).isTrue();
        assertThat(GatewayConfig.auditKey(42)).isEqualTo("audit/000000000042");
    }
}
