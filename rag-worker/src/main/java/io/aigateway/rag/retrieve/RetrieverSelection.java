package io.aigateway.rag.retrieve;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The retriever this worker uses, picked by name among the {@link RetrieverProvider} beans. An unknown name stops the
 * application at start with the names it knows, rather than failing every job later.
 *
 * @param provider the provider's name, as events report it
 * @param retriever the retriever it created
 */
public record RetrieverSelection(String provider, Retriever retriever) {

    public RetrieverSelection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(retriever, "retriever");
    }

    public static RetrieverSelection select(String wanted, List<RetrieverProvider> providers) {
        for (RetrieverProvider candidate : providers) {
            if (candidate.name().equalsIgnoreCase(wanted == null ? "" : wanted.trim())) {
                return new RetrieverSelection(candidate.name(), candidate.create());
            }
        }
        TreeSet<String> known = new TreeSet<>();
        providers.forEach(p -> known.add(p.name()));
        throw new IllegalStateException("gateway.rag.provider '" + wanted
                + "' is not a known retrieval provider; known: " + String.join(", ", known));
    }
}
