package io.aigateway.llm.chat;

/**
 * The port of the llm step: a chat model that answers a {@link ChatRequest}, streaming its answer. Adapters wrap one
 * provider each (the mock today; Azure OpenAI and OpenAI-compatible servers later) and never leak its SDK types.
 *
 * <p>Failures a caller can act on are thrown as {@link io.aigateway.pipeline.failure.StepException} with a stable code
 * and whether retrying may help (rate limits and outages are retryable, rejected requests are not).
 */
@FunctionalInterface
public interface ChatModel {

    /**
     * Answers the request. Each piece of the answer goes to {@code tokens} as soon as it is known, in order; the
     * returned response carries the whole text, which is exactly the concatenation of the pieces streamed.
     */
    ChatResponse chat(ChatRequest request, TokenListener tokens);
}
