package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.DOCUMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The knowledge-base document's wire form on gw.documents against rag-document.schema.json. */
class RagDocumentContractTest {

    static Stream<RagDocument> documents() {
        Instant at = Instant.parse("2026-03-14T09:26:53.589123Z");
        return Stream.of(
                RagDocument.inline(
                        "acme", "kb-vpn", "VPN", RagDocument.MARKDOWN, "# VPN\nConnect with the client.", "api", at),
                new RagDocument(
                        SchemaVersion.CURRENT,
                        "acme",
                        "handbook",
                        "Handbook",
                        RagDocument.HTML,
                        null,
                        new BlobRef("fs:acme/ab/" + "a".repeat(64), 300_000, "a".repeat(64), "text/html"),
                        "api",
                        7,
                        at));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void crossesTheDocumentsTopicUnchangedAndMatchesTheSchema(RagDocument document) {
        byte[] bytes = Topics.DOCUMENTS.valueSerde().serializer().serialize("gw.documents", document);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(ContractSchemas.published().violations(DOCUMENT, json)).isEmpty();
        assertThat(ContractSchemas.closed().violations(DOCUMENT, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Topics.DOCUMENTS.valueSerde().deserializer().deserialize("gw.documents", bytes))
                .isEqualTo(document);
    }

    @Test
    void theTopicIsCompactedAndATombstoneStaysNull() {
        assertThat(Topics.DOCUMENTS.compacted()).isTrue();
        assertThat(Topics.all()).contains(Topics.DOCUMENTS);
        assertThat(Topics.DOCUMENTS.valueSerde().deserializer().deserialize("gw.documents", null))
                .isNull();
    }

    @Test
    void keysJoinTenantAndDocumentAndSplitBack() {
        String key = RagDocument.key("acme", "guides/vpn.md");

        assertThat(RagDocument.tenantOfKey(key)).isEqualTo("acme");
        assertThat(RagDocument.documentIdOfKey(key)).isEqualTo("guides/vpn.md");
        assertThatThrownBy(() -> RagDocument.tenantOfKey("no-slash")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSchemaRejectsBothTextAndBlobAndAnUnknownContentType() {
        String json = new String(
                Topics.DOCUMENT.serialize(
                        "gw.documents", documents().findFirst().orElseThrow()),
                StandardCharsets.UTF_8);
        String both = json.replace(
                "\"source\"",
                "\"blob\":{\"uri\":\"fs:x\",\"size\":1,\"sha256\":\"" + "b".repeat(64) + "\"},\"source\"");
        String pdf = json.replace("text/markdown", "application/pdf");

        assertThat(ContractSchemas.published().violations(DOCUMENT, both)).isNotEmpty();
        assertThat(ContractSchemas.published().violations(DOCUMENT, pdf)).isNotEmpty();
        assertThatThrownBy(() -> RagDocument.inline("t", "d", "x", RagDocument.PLAIN, null, "api", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
