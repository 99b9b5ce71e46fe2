package io.aigateway.llm.routing;

import io.aigateway.llm.chat.ChatModel;
import java.util.Objects;

/**
 * A named, configured provider (for example {@code azure-east} of type {@code azure-openai}) with its breaker.
 *
 * @param name the instance name, as routes and events name it
 * @param type the provider type that built it
 * @param model the chat model
 * @param breaker its circuit breaker
 */
public record ProviderInstance(String name, String type, ChatModel model, CircuitBreaker breaker) {

    public ProviderInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(breaker, "breaker");
    }
}
