package io.aigateway.ingress.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/chat/completions}, as OpenAI defines it; fields the gateway does not use are ignored.
 * A message's {@code content} is a string or an array of parts, of which the {@code text} parts are read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Double temperature,
        Integer n) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String role, Object content) {

        /** The text of the content: the string, or the {@code text} parts joined; null when there is none. */
        public String text() {
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof List<?> parts) {
                StringBuilder text = new StringBuilder();
                for (Object part : parts) {
                    if (part instanceof Map<?, ?> map
                            && "text".equals(map.get("type"))
                            && map.get("text") instanceof String t) {
                        text.append(t);
                    }
                }
                return text.toString();
            }
            return null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(
            @JsonProperty("include_usage") Boolean includeUsage) {}

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** {@code max_completion_tokens} (the newer name) wins over {@code max_tokens}. */
    public Integer tokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}
