package io.aigateway.llm.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the llm step ({@code gateway.llm.*}).
 *
 * @param provider which chat model provider answers ({@code mock} today)
 * @param defaultModel the model used when a job names none
 * @param maxTokens cap on generated tokens per answer; a job asking for more gets this many, a job asking for none too
 * @param systemPrompt instructions sent before the sources and the question
 */
@ConfigurationProperties("gateway.llm")
public record LlmProperties(
        @DefaultValue("mock") String provider,
        @DefaultValue("mock-grounded") String defaultModel,
        @DefaultValue("1024") int maxTokens,
        @DefaultValue(DEFAULT_SYSTEM_PROMPT) String systemPrompt) {

    public static final String DEFAULT_SYSTEM_PROMPT = "You are an IT service desk assistant. Answer briefly and only "
            + "from the numbered sources when there are any, citing them as [1], [2]. Say so when they do not answer "
            + "the question.";

    public LlmProperties {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("gateway.llm.provider must name a provider");
        }
        if (defaultModel == null || defaultModel.isBlank()) {
            throw new IllegalArgumentException("gateway.llm.default-model must not be blank");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("gateway.llm.max-tokens must be at least 1, was " + maxTokens);
        }
    }

    public static LlmProperties defaults() {
        return new LlmProperties("mock", "mock-grounded", 1024, DEFAULT_SYSTEM_PROMPT);
    }
}
