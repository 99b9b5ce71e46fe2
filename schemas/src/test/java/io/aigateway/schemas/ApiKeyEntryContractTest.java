package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.config.ApiKeyEntry;
import io.aigateway.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An API key's wire form on gw.config against config-api-key.schema.json. */
class ApiKeyEntryContractTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:15:30.123Z");

    static Stream<ApiKeyEntry> entries() {
        ApiKeyEntry fresh = ApiKeyEntry.create("k7f3a9c2e1b0d4f6", "acme", "client", "web client", "a".repeat(64), AT);
        return Stream.of(fresh, fresh.expiring(AT.plusSeconds(86_400)).revoked(AT.plusSeconds(60)));
    }

    @ParameterizedTest
    @MethodSource("entries")
    void crossesTheConfigTopicUnchangedAndMatchesTheSchema(ApiKeyEntry entry) {
        byte[] bytes = Json.mapper().writeValueAsBytes(entry);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(ContractSchemas.published().violations(API_KEY, json)).isEmpty();
        assertThat(ContractSchemas.closed().violations(API_KEY, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Json.mapper().readValue(bytes, ApiKeyEntry.class)).isEqualTo(entry);
        assertThat(json).doesNotContain("secret\"");
    }

    @Test
    void activeUntilRevokedOrExpired() {
        ApiKeyEntry entry = ApiKeyEntry.create("k7f3a9c2e1b0d4f6", "acme", "ADMIN", null, "a".repeat(64), AT);
        assertThat(entry.role()).isEqualTo("admin");
        assertThat(entry.configKey()).isEqualTo("apikey/k7f3a9c2e1b0d4f6");
        assertThat(entry.activeAt(AT.plusSeconds(1))).isTrue();
        assertThat(entry.expiring(AT.plusSeconds(10)).activeAt(AT.plusSeconds(10)))
                .isFalse();
        assertThat(entry.revoked(AT.plusSeconds(5)).activeAt(AT.plusSeconds(1))).isFalse();
    }

    @Test
    void theSchemaRefusesAnUnknownRoleAndAPlainSecret() {
        String json = new String(
                Json.mapper().writeValueAsBytes(entries().findFirst().orElseThrow()), StandardCharsets.UTF_8);
        assertThat(ContractSchemas.published().violations(API_KEY, json.replace("\"client\"", "\"root\"")))
                .isNotEmpty();
        assertThat(ContractSchemas.published().violations(API_KEY, json.replace("a".repeat(64), "hunter2")))
                .isNotEmpty();
    }
}
