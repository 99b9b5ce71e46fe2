package io.aigateway.llm.chat;

import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.Passage;
import java.util.List;
import java.util.Objects;

/**
 * What the llm step asks of a chat model, kept structured (not yet a flat prompt) so that each adapter can render it
 * the way its provider expects; {@link ChatPrompt} gives the usual rendering as chat messages.
 *
 * @param model the model (or deployment) to use
 * @param systemPrompt instructions placed before everything else
 * @param history earlier turns of the conversation, oldest first
 * @param question what the user asks now
 * @param passages retrieved passages to ground the answer on, best first; empty when retrieval did not run
 * @param maxTokens cap on generated tokens, at least 1
 * @param temperature sampling temperature, or {@code null} for the provider's default
 */
public record ChatRequest(
        String model,
        String systemPrompt,
        List<ChatMessage> history,
        String question,
        List<Passage> passages,
        int maxTokens,
        Double temperature) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(question, "question");
        history = history == null ? List.of() : List.copyOf(history);
        passages = passages == null ? List.of() : List.copyOf(passages);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
    }
}
