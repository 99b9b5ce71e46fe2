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

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.rag.embed.Embedder;
import io.aigateway.rag.retrieve.RetrievalQuery;
import io.aigateway.schemas.job.Passage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

/**
 * The azure-ai-search provider through the real SDK (azure-search-documents, the JDK HTTP client) against a WireMock
 * stub of the documented REST shape: {@code POST /indexes('{index}')/docs/search.post.search?api-version=2024-07-01}
 * (the form the SDK sends; {@code /indexes/{index}/docs/search} is accepted too) with {@code
 * search}, {@code filter}, {@code top}, {@code select}, {@code vectorQueries} ({@code kind: vector}, {@code vector},
 * {@code k}, {@code fields}) and {@code vectorFilterMode}; the answer's {@code value} array with {@code @search.score}
 * and the selected fields.
 */
class AzureSearchRetrieverTest {

    static final WireMockServer azure = new WireMockServer(wireMockConfig().dynamicPort());
    /**
     * Both documented forms of Search Documents (POST): {@code /indexes/{index}/docs/search} and the OData form
     * {@code /indexes('{index}')/docs/search.post.search}, which SDK 11.8.1 sends.
     */
    static final String PATH = "/indexes(/gateway-documents|\\('gateway-documents'\\))/docs/search(\\.post\\.search)?";

    /** A fixed embedding, so the request's vector can be asserted exactly; the real model is tested elsewhere. */
    static final Embedder FIXED = new Embedder() {
        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public float[] embed(String text) {
            return new float[] {0.25f, -0.5f, 0.125f};
        }
    };

    /**
     * The SDK refuses to send a key over plain HTTP (rightly). This policy runs after the key policy has checked the
     * scheme and set the {@code api-key} header, and only then points the request at the plain-HTTP stub.
     */
    static final HttpPipelinePolicy PLAIN_HTTP_TO_STUB = new HttpPipelinePolicy() {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            downgrade(context);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            downgrade(context);
            return next.processSync();
        }

        private void downgrade(HttpPipelineCallContext context) {
            String url = context.getHttpRequest().getUrl().toString();
            context.getHttpRequest().setUrl(url.replaceFirst("^https://", "http://"));
        }
    };

    AzureSearchRetriever retriever;

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
        AzureSearchProperties settings = new AzureSearchProperties(
                "https://localhost:" + azure.port(),
                "gateway-documents",
                "test-query-key",
                "2024-07-01",
                Duration.ofSeconds(5),
                new AzureSearchProperties.Fields(
                        "tenantId", "documentId", "title", "chunk", "content", "source", "contentVector"),
                false,
                "unused");
        retriever = new AzureSearchRetriever(
                AzureSearchRetrieverProvider.client(settings, builder -> builder.addPolicy(PLAIN_HTTP_TO_STUB)),
                FIXED,
                settings.fields(),
                settings.timeout());
    }

    @Test
    void sendsOneHybridQueryFilteredToTheTenantAndMapsTheAnswer() {
        azure.stubFor(post(urlPathMatching(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json; odata.metadata=none")
                        .withBody("""
                                {"value": [
                                  {"@search.score": 0.0333, "documentId": "kb-vpn", "title": "VPN",
                                   "chunk": 1, "content": "Open GlobalProtect.", "source": "api"},
                                  {"@search.score": 0.0164, "documentId": "kb-wifi", "title": "Wi-Fi",
                                   "chunk": 0, "content": "Join CORP-WIFI."}
                                ]}
                                """)));

        List<Passage> passages = retriever.retrieve(new RetrievalQuery("o'brien-corp", "vpn drops", 3));

        assertThat(passages)
                .containsExactly(
                        new Passage("kb-vpn", "VPN", 1, "Open GlobalProtect.", 0.0333, "api"),
                        new Passage("kb-wifi", "Wi-Fi", 0, "Join CORP-WIFI.", 0.0164, "azure-ai-search"));
        azure.verify(postRequestedFor(urlPathMatching(PATH))
                .withQueryParam("api-version", equalTo("2024-07-01"))
                .withHeader("api-key", equalTo("test-query-key"))
                .withRequestBody(matchingJsonPath("$.search", equalTo("vpn drops")))
                .withRequestBody(matchingJsonPath("$.filter", equalTo("tenantId eq 'o''brien-corp'")))
                .withRequestBody(matchingJsonPath("$.top", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.vectorFilterMode", equalTo("preFilter")))
                .withRequestBody(matchingJsonPath("$.vectorQueries", equalToJson("""
                                [{"kind": "vector", "k": 3, "fields": "contentVector",
                                  "vector": [0.25, -0.5, 0.125]}]
                                """))));
    }

    @Test
    void anEmptyAnswerIsNoPassages() {
        azure.stubFor(post(urlPathMatching(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"value\": []}")));

        assertThat(retriever.retrieve(new RetrievalQuery("t", "nothing here", 5)))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "429, provider_rate_limited, true, 7",
        "503, provider_unavailable, true, 3",
        "500, provider_unavailable, true, ",
        "400, provider_rejected, false, ",
        "404, provider_rejected, false, ",
        "403, provider_auth_failed, false, "
    })
    void errorsAreClassifiedWithRetryAfter(int status, String code, boolean retryable, Integer retryAfter) {
        var response = aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"x\", \"message\": \"stubbed " + status + "\"}}");
        if (retryAfter != null) {
            response.withHeader("Retry-After", retryAfter.toString());
        }
        azure.stubFor(post(urlPathMatching(PATH)).willReturn(response));

        assertThatThrownBy(() -> retriever.retrieve(new RetrievalQuery("t", "vpn", 3)))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.retryable()).isEqualTo(retryable);
                    assertThat(e.retryAfter())
                            .isEqualTo(
                                    retryAfter == null
                                            ? java.util.Optional.empty()
                                            : java.util.Optional.of(Duration.ofSeconds(retryAfter)));
                });
        // the SDK's own retries are off: the step runtime retries, honouring Retry-After
        azure.verify(1, postRequestedFor(urlPathMatching(PATH)));
    }

    @Test
    void anUnreachableServiceIsRetryable() {
        azure.stop();
        try {
            assertThatThrownBy(() -> retriever.retrieve(new RetrievalQuery("t", "vpn", 3)))
                    .isInstanceOfSatisfying(StepException.class, e -> {
                        assertThat(e.code()).isEqualTo("provider_unavailable");
                        assertThat(e.retryable()).isTrue();
                    });
        } finally {
            azure.start();
        }
    }
}
