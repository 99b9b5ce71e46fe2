package io.aigateway.rag.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.rag.documents.Chunker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's writer into Azure AI Search, through the real SDK against a WireMock stub of Index Documents ({@code POST
 * /indexes('{index}')/docs/search.index}) and Search Documents: chunks uploaded with {@code mergeOrUpload} and their
 * fields, stale chunks of a longer earlier version found by filter and deleted, a delete removing every chunk.
 */
class AzureSearchDocumentSinkTest {

    static final WireMockServer azure = new WireMockServer(wireMockConfig().dynamicPort());
    static final String INDEX = "/indexes(/gateway-documents|\\('gateway-documents'\\))/docs/search\\.index";
    static final String SEARCH = AzureSearchRetrieverTest.PATH;
    static final String INDEXED = """
            {"value": [{"key": "x", "status": true, "statusCode": 200}]}""";

    AzureSearchDocumentSink sink;

    @BeforeAll
    static void start() {
        azure.start();
    }

    @AfterAll
    static void stop() {
        azure.stop();
    }

    @BeforeEach
    void client() {
        azure.resetAll();
        AzureSearchProperties.Fields fields = new AzureSearchProperties.Fields(
                "tenantId", "documentId", "title", "chunk", "content", "source", "contentVector");
        AzureSearchProperties settings = new AzureSearchProperties(
                "https://localhost:" + azure.port(),
                "gateway-documents",
                "test-admin-key",
                "2024-07-01",
                Duration.ofSeconds(5),
                fields,
                true,
                "g");
        sink = new AzureSearchDocumentSink(
                AzureSearchRetrieverProvider.client(
                        settings, builder -> builder.addPolicy(AzureSearchRetrieverTest.PLAIN_HTTP_TO_STUB)),
                AzureSearchRetrieverTest.FIXED,
                new Chunker(100, 0),
                fields);
    }

    private static void answer(String path, String body) {
        azure.stubFor(post(urlPathMatching(path))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    @Test
    void anUpsertUploadsEveryChunkThenDeletesTheChunksLeftFromALongerVersion() {
        answer(INDEX, INDEXED);
        answer(SEARCH, "{\"value\": [{\"@search.score\": 1.0, \"id\": \"stale_2\"}]}");

        sink.upsert(
                "o'brien",
                "kb-vpn",
                "VPN",
                "Connect with the client. ".repeat(6).trim(),
                "api",
                3);

        String key = AzureSearchDocumentSink.key("o'brien", "kb-vpn", 0);
        assertThat(key).matches("[A-Za-z0-9_=-]+");
        azure.verify(postRequestedFor(urlPathMatching(INDEX))
                .withHeader("api-key", equalTo("test-admin-key"))
                .withRequestBody(matchingJsonPath("$.value[0]['@search.action']", equalTo("mergeOrUpload")))
                .withRequestBody(matchingJsonPath("$.value[0].id", equalTo(key)))
                .withRequestBody(matchingJsonPath("$.value[0].tenantId", equalTo("o'brien")))
                .withRequestBody(matchingJsonPath("$.value[0].documentId", equalTo("kb-vpn")))
                .withRequestBody(matchingJsonPath("$.value[0].chunk", equalTo("0")))
                .withRequestBody(matchingJsonPath("$.value[1].chunk", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.value[0].title", equalTo("VPN")))
                .withRequestBody(matchingJsonPath("$.value[0].source", equalTo("api")))
                .withRequestBody(matchingJsonPath("$.value[0].contentVector", equalToJson("[0.25, -0.5, 0.125]"))));
        azure.verify(postRequestedFor(urlPathMatching(SEARCH))
                .withRequestBody(matchingJsonPath(
                        "$.filter", equalTo("tenantId eq 'o''brien' and documentId eq 'kb-vpn' and chunk ge 2"))));
        azure.verify(postRequestedFor(urlPathMatching(INDEX))
                .withRequestBody(matchingJsonPath("$.value[0]['@search.action']", equalTo("delete")))
                .withRequestBody(matchingJsonPath("$.value[0].id", equalTo("stale_2"))));
    }

    @Test
    void aDeleteRemovesEveryChunkOfTheDocumentAndNothingWhenItHasNone() {
        answer(INDEX, INDEXED);
        answer(
                SEARCH,
                "{\"value\": [{\"@search.score\": 1.0, \"id\": \"a_0\"}, {\"@search.score\": 1.0, \"id\": \"a_1\"}]}");

        sink.delete("acme", "kb-old");

        azure.verify(postRequestedFor(urlPathMatching(SEARCH))
                .withRequestBody(
                        matchingJsonPath("$.filter", equalTo("tenantId eq 'acme' and documentId eq 'kb-old'"))));
        azure.verify(postRequestedFor(urlPathMatching(INDEX))
                .withRequestBody(matchingJsonPath("$.value[1]['@search.action']", equalTo("delete")))
                .withRequestBody(matchingJsonPath("$.value[1].id", equalTo("a_1"))));

        azure.resetRequests();
        answer(SEARCH, "{\"value\": []}");
        sink.delete("acme", "kb-gone");
        azure.verify(0, postRequestedFor(urlPathMatching(INDEX)));
    }

    @Test
    void aThrottledServiceIsRetryableWithItsRetryAfter() {
        azure.stubFor(post(urlPathMatching(INDEX))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "4")));

        assertThatThrownBy(() -> sink.upsert("t", "d", "T", "Some text.", "api", 1))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo("provider_unavailable");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
                });
    }
}
