package io.aigateway.llm.routing;

import io.aigateway.llm.chat.ChatModelProvider;
import io.aigateway.llm.chat.LlmProperties;
import io.aigateway.llm.chat.ProviderSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Creates the provider instances of {@code gateway.llm.providers}, each by its type's {@link ChatModelProvider}, each
 * with its own circuit breaker. The default instance {@code gateway.llm.provider} may also be a bare type that needs no
 * settings ({@code mock}), which then is an instance of that name. Unknown types stop the worker at start. Every
 * worker has an instance of type {@code mock} (one named {@code mock} is added when none is configured): jobs marked
 * {@code mockProviders}, a load test's replays, run on it whatever their route names.
 */
public final class ProviderInstances {

    /** The type of the mock chat model, which every worker has an instance of. */
    public static final String MOCK_TYPE = "mock";

    private ProviderInstances() {}

    public static Map<String, ProviderInstance> create(
            LlmProperties properties, List<ChatModelProvider> types, ResilienceProperties resilience, Clock clock) {
        Map<String, ProviderSettings> configured = new LinkedHashMap<>(properties.providers());
        String fallback = properties.provider().trim();
        if (!configured.containsKey(fallback)) {
            configured.put(fallback, ProviderSettings.ofType(fallback));
        }
        if (configured.values().stream().noneMatch(s -> MOCK_TYPE.equalsIgnoreCase(s.type()))
                && !configured.containsKey(MOCK_TYPE)) {
            configured.put(MOCK_TYPE, ProviderSettings.ofType(MOCK_TYPE));
        }
        Map<String, ProviderInstance> instances = new LinkedHashMap<>();
        configured.forEach((name, settings) -> {
            ChatModelProvider type = types.stream()
                    .filter(t -> t.name().equalsIgnoreCase(settings.type()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("gateway.llm.providers." + name + ".type '"
                            + settings.type() + "' is not a known chat model provider; known: "
                            + String.join(
                                    ", ",
                                    new TreeSet<>(types.stream()
                                            .map(ChatModelProvider::name)
                                            .toList()))));
            instances.put(
                    name.toLowerCase(java.util.Locale.ROOT),
                    new ProviderInstance(
                            name,
                            type.name(),
                            type.create(name, settings),
                            new CircuitBreaker(resilience.breakerFailures(), resilience.breakerOpenFor(), clock)));
        });
        return instances;
    }
}
