package io.aigateway.llm.chat;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the llm step ({@code gateway.llm.*}); the routes ({@code gateway.llm.routes}) are pipeline-core's
 * {@code LlmRoutingProperties}, the retry and breaker settings {@code gateway.llm.resilience.*}.
 *
 * @param provider the provider instance of a route that names none (an instance under {@code providers}, or a provider
 *     type that needs no settings, such as {@code mock})
 * @param defaultModel the model used when a job names none
 * @param maxTokens cap on generated tokens per answer; a job asking for more gets this many, a job asking for none too
 * @param systemPrompt instructions sent before the sources and the question, for routes that bring none
 * @param maxPromptChars cap on the rendered prompt (system prompt, sources, turns, question) in characters: the lowest
 *     ranked passages, then the oldest turns are left out to fit; a question that alone does not fit is refused
 * @param maxTemperature a job's temperature above it is lowered to it
 * @param providers the provider instances by name: {@code type} ({@code azure-openai}, {@code openai-compatible},
 *     {@code mock}), endpoint, key, deployments, timeouts
 * @param prices estimated prices per 1,000 tokens, by model
 * @param currency the currency of {@code prices}
 */
@ConfigurationProperties("gateway.llm")
public record LlmProperties(
        @DefaultValue("mock") String provider,
        @DefaultValue("mock-grounded") String defaultModel,
        @DefaultValue("1024") int maxTokens,
        @DefaultValue(DEFAULT_SYSTEM_PROMPT) String systemPrompt,
        @DefaultValue("48000") int maxPromptChars,
        @DefaultValue("1.0") double maxTemperature,
        Map<String, ProviderSettings> providers,
        Map<String, Price> prices,
        @DefaultValue("USD") String currency) {

    public static final String DEFAULT_SYSTEM_PROMPT = "You are an IT service desk assistant. Answer briefly and only "
            + "from the numbered sources when there are any, citing them as [1], [2]. Say so when they do not answer "
            + "the question.";

    /**
     * A model's price per 1,000 tokens.
     *
     * @param prompt price of 1,000 prompt tokens
     * @param completion price of 1,000 completion tokens
     */
    public record Price(double prompt, double completion) {
        public Price {
            if (prompt < 0 || completion < 0) {
                throw new IllegalArgumentException("gateway.llm.prices: prices must not be negative");
            }
        }
    }

    @ConstructorBinding
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
        if (maxPromptChars < 100) {
            throw new IllegalArgumentException(
                    "gateway.llm.max-prompt-chars must be at least 100, was " + maxPromptChars);
        }
        if (!(maxTemperature >= 0 && maxTemperature <= 2)) {
            throw new IllegalArgumentException(
                    "gateway.llm.max-temperature must be between 0 and 2, was " + maxTemperature);
        }
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        currency = currency == null || currency.isBlank() ? "USD" : currency;
    }

    /** The settings that existed before provider instances, routes and budgets; the rest at their defaults. */
    public LlmProperties(String provider, String defaultModel, int maxTokens, String systemPrompt) {
        this(provider, defaultModel, maxTokens, systemPrompt, 48_000, 1.0, Map.of(), Map.of(), "USD");
    }

    public static LlmProperties defaults() {
        return new LlmProperties("mock", "mock-grounded", 1024, DEFAULT_SYSTEM_PROMPT);
    }
}
