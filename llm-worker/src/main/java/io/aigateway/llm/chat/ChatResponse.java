package io.aigateway.llm.chat;

/**
 * A finished answer of a {@link ChatModel}.
 *
 * @param text the whole answer, equal to the streamed pieces joined
 * @param model the model that answered
 * @param promptTokens tokens of the prompt, as the provider reported or estimated them
 * @param completionTokens tokens of the answer
 * @param finishReason {@link #STOP} when the answer is complete, {@link #LENGTH} when {@code maxTokens} cut it short
 */
public record ChatResponse(String text, String model, int promptTokens, int completionTokens, String finishReason) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";
}
