package io.aigateway.allinone.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.aigateway.allinone.AllInOneApplication;
import io.aigateway.allinone.TestGateway;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible API through the whole gateway on the test JVM's broker, checked field by field against the
 * shapes of OpenAI's chat completion, chunk, model list and error objects: what an OpenAI SDK pointed at the gateway's
 * base URL reads. The mock chat model is deterministic, so a streamed answer must join to the same text as the whole
 * one; its {@code #mock-fail:} directives make the failures.
 */
@SpringBootTest(classes = AllInOneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpenAiCompatibleEndToEndIT {

    private static final int PORT = TestGateway.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestGateway.register(registry, PORT, "openai");
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("gateway.llm.mock.token-delay", () -> "2ms");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theOfficialOpenAiJavaSdkWorksWithOnlyItsBaseUrlAndKeyChanged() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://localhost:" + PORT + "/v1")
                .apiKey("sk-gateway")
                .maxRetries(0)
                .build();
        try {
            assertThat(client.models().list().items().stream().map(com.openai.models.models.Model::id))
                    .containsExactly("mock-grounded", "mock-chat");

            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("mock-chat")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("How do I connect to the office printer from home?")
                    .maxCompletionTokens(200)
                    .build();
            ChatCompletion whole = client.chat().completions().create(params);
            String text = whole.choices().get(0).message().content().orElseThrow();
            assertThat(text).contains("printer");
            assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            assertThat(whole.usage().orElseThrow().totalTokens()).isPositive();

            ChatCompletionCreateParams streamed = params.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder()
                            .includeUsage(true)
                            .build())
                    .build();
            StringBuilder joined = new StringBuilder();
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream =
                    client.chat().completions().createStreaming(streamed)) {
                stream.stream().forEach(chunk -> {
                    chunks.add(chunk);
                    chunk.choices().forEach(c -> c.delta().content().ifPresent(joined::append));
                });
            }
            assertThat(joined.toString()).isEqualTo(text);
            assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens())
                    .isEqualTo(whole.usage().orElseThrow().completionTokens());

            ChatCompletionCreateParams unknown =
                    params.toBuilder().model("gpt-9").build();
            assertThatThrownBy(() -> client.chat().completions().create(unknown))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.getMessage()).contains("gpt-9");
                    });
            ChatCompletionCreateParams rejected = params.toBuilder()
                    .messages(List.of())
                    .addUserMessage("anything #mock-fail:rejected")
                    .build();
            assertThatThrownBy(() -> client.chat().completions().create(rejected))
                    .isInstanceOf(BadRequestException.class);
        } finally {
            client.close();
        }
    }

    @Test
    void modelsListsTheRoutesModelsInOpenAisListShape() throws Exception {
        HttpResponse<String> response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode list = json(response.body());
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data").findValuesAsString("id")).containsExactly("mock-grounded", "mock-chat");
        for (JsonNode model : list.get("data")) {
            assertThat(model.get("object").asString()).isEqualTo("model");
            assertThat(model.get("owned_by").asString()).isNotBlank();
            assertThat(model.get("created").isNumber()).isTrue();
        }
        assertThat(json(get("/v1/models/mock-chat").body()).get("id").asString())
                .isEqualTo("mock-chat");
        HttpResponse<String> unknown = get("/v1/models/gpt-9");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).at("/error/code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void aWholeCompletionHasEveryFieldOfOpenAisChatCompletion() throws Exception {
        HttpResponse<String> response = post("""
                {"model":"mock-chat","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"My laptop will not charge"},
                  {"role":"assistant","content":"Which laptop?"},
                  {"role":"user","content":[{"type":"text","text":"The ThinkPad, does it need a new charger?"}]}],
                 "max_tokens":200,"temperature":0.3,"user":"ignored-field"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode c = json(response.body());
        assertThat(fieldNames(c))
                .containsExactly("id", "object", "created", "model", "system_fingerprint", "choices", "usage");
        assertThat(c.get("id").asString()).startsWith("chatcmpl-");
        assertThat(c.get("object").asString()).isEqualTo("chat.completion");
        assertThat(c.get("created").asLong()).isGreaterThan(1_700_000_000L);
        assertThat(c.get("model").asString()).isEqualTo("mock-chat");
        assertThat(c.get("system_fingerprint").isNull()).isTrue();
        assertThat(c.get("choices")).hasSize(1);
        JsonNode choice = c.get("choices").get(0);
        assertThat(fieldNames(choice)).containsExactly("index", "message", "logprobs", "finish_reason");
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.at("/message/role").asString()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asString()).contains("ThinkPad");
        assertThat(choice.at("/message/refusal").isNull()).isTrue();
        JsonNode usage = c.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isPositive();
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt()
                        + usage.get("completion_tokens").asInt());
        assertThat(response.headers().firstValue("X-Job-Id")).isPresent();
    }

    @Test
    void aRetrievingModelAnswersFromTheKnowledgeBaseCitingItsSources() throws Exception {
        JsonNode c = json(post(chat("mock-grounded", "I forgot my password, how do I reset it?", false, false))
                .body());

        String content = c.at("/choices/0/message/content").asString();
        assertThat(content).contains("[1]").contains("Sources:");
    }

    @Test
    void aStreamIsChunksWithDeltasAFinishReasonAUsageChunkAndDoneJoiningToTheWholeAnswer() throws Exception {
        String question = "How do I connect to the office printer from home?";
        String whole = json(post(chat("mock-chat", question, false, false)).body())
                .at("/choices/0/message/content")
                .asString();

        HttpResponse<String> response = post(chat("mock-chat", question, true, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> data = dataLines(response.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
                .map(OpenAiCompatibleEndToEndIT::json)
                .toList();
        Set<String> ids = new HashSet<>();
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            ids.add(chunk.get("id").asString());
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asString()).isEqualTo("mock-chat");
            assertThat(chunk.get("created").asLong()).isPositive();
            assertThat(chunk.has("usage"))
                    .as("include_usage puts usage on every chunk")
                    .isTrue();
        }
        assertThat(ids).hasSize(1);
        assertThat(ids.iterator().next()).startsWith("chatcmpl-");

        JsonNode first = chunks.get(0);
        assertThat(first.at("/choices/0/index").asInt()).isZero();
        assertThat(first.at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(first.at("/choices/0/delta/content").asString()).isEmpty();
        assertThat(first.at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(first.get("usage").isNull()).isTrue();

        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        JsonNode finish = chunks.get(chunks.size() - 2);
        List<JsonNode> content = chunks.subList(1, chunks.size() - 2);
        assertThat(content).isNotEmpty();
        for (JsonNode chunk : content) {
            assertThat(chunk.at("/choices/0/delta/content").asString()).isNotEmpty();
            assertThat(chunk.at("/choices/0/delta").has("role")).isFalse();
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
            text.append(chunk.at("/choices/0/delta/content").asString());
        }
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(usageChunk.at("/usage/total_tokens").asInt())
                .isEqualTo(usageChunk.at("/usage/prompt_tokens").asInt()
                        + usageChunk.at("/usage/completion_tokens").asInt());

        List<String> plain =
                dataLines(post(chat("mock-chat", question, true, false)).body());
        assertThat(plain.get(plain.size() - 1)).isEqualTo("[DONE]");
        JsonNode lastChunk = json(plain.get(plain.size() - 2));
        assertThat(lastChunk.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(lastChunk.has("usage"))
                .as("no usage chunk nor usage field unless asked")
                .isFalse();
    }

    @Test
    void aStreamThatBreaksAfterItsFirstTokensEndsWithAnErrorObjectAndNoDone() throws Exception {
        HttpResponse<String> response =
                post(chat("mock-chat", "Tell me about VPN tokens #mock-fail:mid-stream", true, false));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = dataLines(response.body());
        assertThat(data).doesNotContain("[DONE]");
        assertThat(json(data.get(1)).at("/choices/0/delta/content").asString()).isNotEmpty();
        JsonNode error = json(data.get(data.size() - 1)).get("error");
        assertThat(fieldNames(error)).containsExactly("message", "type", "param", "code");
        assertThat(error.get("code").asString()).isEqualTo("stream_interrupted");
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("param").isNull()).isTrue();
    }

    @Test
    void failuresBeforeTheFirstTokenAnswerWithOpenAisErrorShapeAndStatus() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> rejected = post(chat("mock-chat", "Anything #mock-fail:rejected", stream, false));
            assertThat(rejected.statusCode()).isEqualTo(400);
            assertThat(rejected.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode error = json(rejected.body()).get("error");
            assertThat(fieldNames(error)).containsExactly("message", "type", "param", "code");
            assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(error.get("code").asString()).isEqualTo("provider_rejected");
        }

        HttpResponse<String> unknown = post(chat("gpt-9", "hi", false, false));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).at("/error/code").asString()).isEqualTo("model_not_found");
        assertThat(json(unknown.body()).at("/error/param").asString()).isEqualTo("model");

        HttpResponse<String> noMessages = post("{\"model\":\"mock-chat\",\"messages\":[]}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(json(noMessages.body()).at("/error/param").asString()).isEqualTo("messages");

        HttpResponse<String> tooMany = post(
                "{\"model\":\"mock-chat\",\"max_tokens\":999999,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany.body()).at("/error/param").asString()).isEqualTo("options.maxTokens");

        HttpResponse<String> malformed = post("{\"model\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed.body()).at("/error/type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void aRateLimitedProviderIsRetriedThenAnsweredAs429() throws Exception {
        HttpResponse<String> limited = post(chat("mock-chat", "hi #mock-fail:rate-limited", false, false));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        JsonNode error = json(limited.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asString()).isEqualTo("provider_rate_limited");
        assertThat(error.get("message").asString()).contains("failed on mock");
    }

    private static String chat(String model, String question, boolean stream, boolean usage) {
        return Json.mapper()
                .writeValueAsString(java.util.Map.of(
                        "model",
                        model,
                        "messages",
                        List.of(java.util.Map.of("role", "user", "content", question)),
                        "stream",
                        stream,
                        "stream_options",
                        java.util.Map.of("include_usage", usage)));
    }

    private static List<String> dataLines(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            } else {
                assertThat(line).as("only data lines and blank lines").isEmpty();
            }
        }
        return data;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri("/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer sk-anything")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + PORT + path);
    }

    private static JsonNode json(String body) {
        return Json.mapper().readTree(body);
    }
}
