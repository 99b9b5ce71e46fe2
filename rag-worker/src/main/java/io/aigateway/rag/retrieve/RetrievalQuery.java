package io.aigateway.rag.retrieve;

import java.util.Objects;

/**
 * What to search for.
 *
 * @param tenantId the tenant whose documents may be searched
 * @param text the question, as the user typed or said it
 * @param topK how many passages to return at most, at least 1
 */
public record RetrievalQuery(String tenantId, String text, int topK) {

    public RetrievalQuery {
        Objects.requireNonNull(text, "text");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
    }
}
