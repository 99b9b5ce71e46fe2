package io.aigateway.llm.chat;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The chat model this worker uses, picked by name among the {@link ChatModelProvider} beans. An unknown name stops the
 * application at start with the names it knows, rather than failing every job later.
 *
 * @param provider the provider's name, as events report it
 * @param model the model it created
 */
public record ChatModelSelection(String provider, ChatModel model) {

    public ChatModelSelection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    public static ChatModelSelection select(String wanted, List<ChatModelProvider> providers) {
        for (ChatModelProvider candidate : providers) {
            if (candidate.name().equalsIgnoreCase(wanted == null ? "" : wanted.trim())) {
                return new ChatModelSelection(candidate.name(), candidate.create());
            }
        }
        TreeSet<String> known = new TreeSet<>();
        providers.forEach(p -> known.add(p.name()));
        throw new IllegalStateException("gateway.llm.provider '" + wanted
                + "' is not a known chat model provider; known: " + String.join(", ", known));
    }
}
