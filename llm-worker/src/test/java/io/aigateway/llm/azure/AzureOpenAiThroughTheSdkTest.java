package io.aigateway.llm.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatRequest;
import io.aigateway.llm.chat.ChatResponse;
import io.aigateway.llm.chat.ProviderSettings;
import io.aigateway.llm.routing.ChatRouter;
import io.aigateway.llm.routing.CircuitBreaker;
import io.aigateway.llm.routing.ProviderInstance;
import io.aigateway.llm.routing.ResilienceProperties;
import io.aigateway.llm.routing.Routed;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteCatalog;
import io.aigateway.pipeline.routing.RouteTable;
import io.aigateway.schemas.job.Passage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The azure-openai and openai-compatible providers through the real azure-ai-openai SDK against WireMock stubs of the
 * documented REST shapes ({@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}, SSE streams
 * of {@code data:} chunks ending {@code data: [DONE]}), and the router's retries, fallback and breaker on top.
 */
class AzureOpenAiThroughTheSdkTest {

    private static final String EAST = "/openai/deployments/gpt4o-east/chat/completions";
    private static final String WEST = "/openai/deployments/gpt4o-west/chat/completions";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final List<Duration> waits = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ChatRequest request = new ChatRequest(
            "gpt-4o-mini",
            "Be brief.",
            List.of(),
            "How do I reset my VPN?",
            List.of(new Passage("kb-7", "VPN guide", 0, "Reconnect the VPN client.", 0.9, "kb://vpn")),
            64,
            0.2);

    @Test
    void aPlainCompletionIsOneRequestWithTheKeyTheMessagesAndTheReportedUsage() {
        wm.stubFor(post(urlPathEqualTo(EAST)).willReturn(json(200, completion("Reconnect the client [1].", "stop"))));
        List<String> pieces = new ArrayList<>();

        ChatResponse response = azure("east", "gpt4o-east", false).chat(request, pieces::add);

        assertThat(response.text()).isEqualTo("Reconnect the client [1].");
        assertThat(pieces).containsExactly("Reconnect the client [1].");
        assertThat(response.finishReason()).isEqualTo(ChatResponse.STOP);
        assertThat(response.promptTokens()).isEqualTo(57);
        assertThat(response.completionTokens()).isEqualTo(7);
        assertThat(response.estimated()).isFalse();
        assertThat(response.model()).isEqualTo("gpt-4o-mini");
        wm.verify(postRequestedFor(urlPathEqualTo(EAST))
                .withQueryParam("api-version", matchingAnything())
                .withHeader("api-key", equalTo("test-key"))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("64")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.2")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("<<<SOURCES")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("[1] VPN guide (kb://vpn)")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("How do I reset my VPN?"))));
    }

    @Test
    void aStreamedCompletionPassesEachDeltaOnAndTakesTheUsageChunk() {
        wm.stubFor(post(urlPathEqualTo(EAST)).willReturn(sse(stream(true, "Reconnect", " the", " client", " [1]."))));
        List<String> pieces = new ArrayList<>();

        ChatResponse response = azure("east", "gpt4o-east", true).chat(request, pieces::add);

        assertThat(pieces).containsExactly("Reconnect", " the", " client", " [1].");
        assertThat(response.text()).isEqualTo("Reconnect the client [1].");
        assertThat(response.promptTokens()).isEqualTo(57);
        assertThat(response.completionTokens()).isEqualTo(4);
        assertThat(response.estimated()).isFalse();
        wm.verify(postRequestedFor(urlPathEqualTo(EAST))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
    }

    @Test
    void aStreamWithoutAUsageChunkIsCountedAndMarkedEstimated() {
        wm.stubFor(post(urlPathEqualTo(EAST)).willReturn(sse(stream(false, "Reconnect", " the", " client."))));

        ChatResponse response = azure("east", "gpt4o-east", true).chat(request, t -> {});

        assertThat(response.estimated()).isTrue();
        assertThat(response.completionTokens()).isEqualTo(6); // 21 characters, about four per token
        assertThat(response.promptTokens()).isGreaterThan(50);
    }

    @Test
    void a429WithRetryAfterIsWaitedOutThenTheSameProviderAnswers() {
        wm.stubFor(post(urlPathEqualTo(EAST))
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, error("429", "Rate limit reached")).withHeader("Retry-After", "1"))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(EAST))
                .inScenario("limited")
                .whenScenarioStateIs("ok")
                .willReturn(sse(stream(true, "ok"))));

        Routed routed = router(
                        Map.of("east", azure("east", "gpt4o-east", true), "west", azure("west", "gpt4o-west", true)))
                .chat(route(), Instant.now().plusSeconds(30), request, t -> {});

        assertThat(routed.provider()).isEqualTo("east");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        wm.verify(2, postRequestedFor(urlPathEqualTo(EAST)));
        wm.verify(0, postRequestedFor(urlPathEqualTo(WEST)));
    }

    @Test
    void repeated500sFallBackToTheSecondProvider() {
        wm.stubFor(post(urlPathEqualTo(EAST)).willReturn(json(500, error("server_error", "boom"))));
        wm.stubFor(post(urlPathEqualTo(WEST)).willReturn(sse(stream(true, "from", " west"))));
        List<String> pieces = new ArrayList<>();

        Routed routed = router(
                        Map.of("east", azure("east", "gpt4o-east", true), "west", azure("west", "gpt4o-west", true)))
                .chat(route(), Instant.now().plusSeconds(30), request, pieces::add);

        assertThat(routed.provider()).isEqualTo("west");
        assertThat(pieces).containsExactly("from", " west");
        wm.verify(2, postRequestedFor(urlPathEqualTo(EAST)));
        assertThat(meters.get("gateway.llm.provider.calls")
                        .tags("provider", "east", "outcome", ErrorCodes.PROVIDER_UNAVAILABLE)
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aSlowProviderTimesOutAsARetryableTimeout() {
        wm.stubFor(
                post(urlPathEqualTo(EAST)).willReturn(sse(stream(true, "late")).withFixedDelay(3_000)));
        ChatModel slow = new AzureOpenAiChatModel(
                "east",
                OpenAiClients.azure("east", settings("gpt4o-east", true, Duration.ofMillis(300))),
                settings("gpt4o-east", true, Duration.ofMillis(300)));

        assertThatThrownBy(() -> slow.chat(request, t -> {})).isInstanceOfSatisfying(StepException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_TIMEOUT);
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void aStreamCutMidAnswerEndsAsInterruptedAndIsNotSentToAnotherProvider() {
        // two deltas, then the body ends: no finish_reason, no [DONE]
        wm.stubFor(post(urlPathEqualTo(EAST))
                .willReturn(sse(chunk("{\"role\":\"assistant\",\"content\":\"Recon\"}", null)
                        + chunk("{\"content\":\"nect\"}", null))));
        wm.stubFor(post(urlPathEqualTo(WEST)).willReturn(sse(stream(true, "never"))));
        List<String> pieces = new ArrayList<>();

        assertThatThrownBy(() -> router(Map.of(
                                "east", azure("east", "gpt4o-east", true), "west", azure("west", "gpt4o-west", true)))
                        .chat(route(), Instant.now().plusSeconds(30), request, pieces::add))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.STREAM_INTERRUPTED);
                    assertThat(e.getMessage()).contains("without a finish reason");
                });
        assertThat(pieces).containsExactly("Recon", "nect");
        wm.verify(1, postRequestedFor(urlPathEqualTo(EAST)));
        wm.verify(0, postRequestedFor(urlPathEqualTo(WEST)));
    }

    @Test
    void a400IsNeitherRetriedNorSentToAnotherProvider() {
        wm.stubFor(post(urlPathEqualTo(EAST))
                .willReturn(json(400, error("invalid_request_error", "max_tokens is too large"))));
        wm.stubFor(post(urlPathEqualTo(WEST)).willReturn(sse(stream(true, "never"))));

        assertThatThrownBy(() -> router(Map.of(
                                "east", azure("east", "gpt4o-east", true), "west", azure("west", "gpt4o-west", true)))
                        .chat(route(), Instant.now().plusSeconds(30), request, t -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400");
                });
        wm.verify(1, postRequestedFor(urlPathEqualTo(EAST)));
        wm.verify(0, postRequestedFor(urlPathEqualTo(WEST)));
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndStopsCallingTheProvider() {
        wm.stubFor(post(urlPathEqualTo(EAST)).willReturn(json(503, error("server_error", "overloaded"))));
        wm.stubFor(post(urlPathEqualTo(WEST)).willReturn(sse(stream(true, "west"))));
        ChatRouter router =
                router(Map.of("east", azure("east", "gpt4o-east", true), "west", azure("west", "gpt4o-west", true)));

        for (int i = 0; i < 4; i++) {
            assertThat(router.chat(route(), Instant.now().plusSeconds(30), request, t -> {})
                            .provider())
                    .isEqualTo("west");
        }

        // breaker at 3 failures: calls 1 and 2 of the first job, call 1 of the second; then east is skipped
        wm.verify(3, postRequestedFor(urlPathEqualTo(EAST)));
        wm.verify(4, postRequestedFor(urlPathEqualTo(WEST)));
        assertThat(meters.get("gateway.llm.breaker.open")
                        .tag("provider", "east")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void openAiCompatibleServersAreReachedAtTheirBaseUrlWithTheModelInTheBody() {
        wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(sse(stream(true, "local", " answer"))));
        ProviderSettings local = new ProviderSettings(
                "openai-compatible",
                wm.baseUrl() + "/v1",
                "local-key",
                null,
                null,
                Map.of("gpt-4o-mini", "llama3.2"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                true,
                true);
        ChatModel model = new OpenAiCompatibleProvider().create("ollama", local);

        ChatResponse response = model.chat(request, t -> {});

        assertThat(response.text()).isEqualTo("local answer");
        wm.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer local-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }

    private ChatModel azure(String instance, String deployment, boolean streaming) {
        ProviderSettings s = settings(deployment, streaming, Duration.ofSeconds(5));
        return new AzureOpenAiProvider().create(instance, s);
    }

    private static ProviderSettings settings(String deployment, boolean streaming, Duration timeout) {
        return new ProviderSettings(
                "azure-openai",
                wm.baseUrl(),
                "test-key",
                null,
                deployment,
                Map.of(),
                timeout,
                Duration.ofSeconds(2),
                streaming,
                true);
    }

    private ModelRoute route() {
        return new ModelRoute("*", "gpt-4o-mini", List.of("east", "west"), null, false);
    }

    private ChatRouter router(Map<String, ChatModel> models) {
        Map<String, ProviderInstance> instances = new LinkedHashMap<>();
        models.forEach((name, model) -> instances.put(
                name,
                new ProviderInstance(
                        name, "azure-openai", model, new CircuitBreaker(3, Duration.ofMinutes(1), Clock.systemUTC()))));
        return new ChatRouter(
                new RouteCatalog(new RouteTable("gpt-4o-mini", List.of(route()))),
                instances,
                "east",
                new ResilienceProperties(
                        2,
                        Duration.ofMillis(10),
                        Duration.ofMillis(50),
                        Duration.ofSeconds(5),
                        3,
                        Duration.ofMinutes(1)),
                Clock.systemUTC(),
                d -> {
                    waits.add(d);
                    Thread.sleep(d.toMillis());
                },
                meters);
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern matchingAnything() {
        return com.github.tomakehurst.wiremock.client.WireMock.matching(".+");
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String s) {
        return com.github.tomakehurst.wiremock.client.WireMock.containing(s);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    private static String completion(String text, String finish) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1733300000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":57,"completion_tokens":7,"total_tokens":64}}""".formatted(text, finish);
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** An Azure stream: the prompt-filter chunk, a role chunk, one chunk per piece, the finish, maybe usage, [DONE]. */
    private static String stream(boolean usage, String... pieces) {
        StringBuilder body =
                new StringBuilder("data: {\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],"
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n");
        body.append(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String piece : pieces) {
            body.append(chunk("{\"content\":\"" + piece + "\"}", null));
        }
        body.append(chunk("{}", "stop"));
        if (usage) {
            body.append("data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1733300000,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":" + pieces.length
                    + ",\"total_tokens\":" + (57 + pieces.length) + "}}\n\n");
        }
        return body.append("data: [DONE]\n\n").toString();
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1733300000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }
}
