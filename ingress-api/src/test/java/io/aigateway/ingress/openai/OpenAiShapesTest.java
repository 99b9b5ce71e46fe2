package io.aigateway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The request reading and the error mapping of the OpenAI-compatible API, without a server. */
class OpenAiShapesTest {

    @Test
    void aRequestReadsStringAndPartsContentTheNewerTokenLimitAndStreamOptions() {
        ChatCompletionRequest request = Json.mapper().readValue("""
                        {"model":"m","stream":true,"stream_options":{"include_usage":true},"max_tokens":10,
                         "max_completion_tokens":20,"tools":[],"messages":[
                          {"role":"user","content":"plain"},
                          {"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{}},
                                                    {"type":"text","text":"b"}]}]}""", ChatCompletionRequest.class);

        assertThat(request.streaming()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.tokenLimit()).isEqualTo(20);
        assertThat(request.messages())
                .extracting(ChatCompletionRequest.Message::text)
                .containsExactly("plain", "ab");
        assertThat(new ChatCompletionRequest.Message("user", 42).text()).isNull();
    }

    @Test
    void jobFailureCodesMapToOpenAiStatusesAndTypes() {
        assertThat(OpenAiError.ofJobFailure("provider_rejected", "x"))
                .extracting(OpenAiError::status, OpenAiError::type)
                .containsExactly(400, "invalid_request_error");
        assertThat(OpenAiError.ofJobFailure("content_filtered", "x").code()).isEqualTo("content_filter");
        assertThat(OpenAiError.ofJobFailure("provider_rate_limited", "x"))
                .extracting(OpenAiError::status, OpenAiError::type)
                .containsExactly(429, "rate_limit_error");
        assertThat(OpenAiError.ofJobFailure("provider_unavailable", "x").status())
                .isEqualTo(503);
        assertThat(OpenAiError.ofJobFailure("provider_timeout", "x").status()).isEqualTo(504);
        assertThat(OpenAiError.ofJobFailure("model_not_found", "x").param()).isEqualTo("model");
        assertThat(OpenAiError.ofJobFailure("stream_interrupted", "x"))
                .extracting(OpenAiError::status, OpenAiError::type, OpenAiError::code)
                .containsExactly(500, "server_error", "stream_interrupted");
    }

    @Test
    void theErrorBodyHasOpenAisFourFieldsWithAnExplicitNullParam() {
        JsonNode body = Json.mapper()
                .readTree(ChatCompletionsController.json(
                        OpenAiError.ofJobFailure("provider_rejected", "no").body()));

        List<String> names = new java.util.ArrayList<>();
        body.get("error").propertyNames().forEach(names::add);
        assertThat(names).containsExactly("message", "type", "param", "code");
        assertThat(body.at("/error/param").isNull()).isTrue();
    }
}
