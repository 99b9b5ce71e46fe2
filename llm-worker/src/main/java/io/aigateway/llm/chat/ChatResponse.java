package io.aigateway.llm.chat;

/**
 * A finished answer of a {@link ChatModel}.
 *
 * @param text the whole answer, equal to the streamed pieces joined
 * @param model the model that answered
 * @param promptTokens tokens of the prompt, as the provider reported or estimated them
 * @param completionTokens tokens of the answer
 * @param finishReason {@link #STOP} when the answer is complete, {@link #LENGTH} when {@code maxTokens} cut it short
 * @param estimated whether the token counts are the gateway's estimate (the provider reported none)
 */
public record ChatResponse(
        String text, String model, int promptTokens, int completionTokens, String finishReason, boolean estimated) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";

    /** A response whose token counts are estimates (providers that report none, such as the mock). */
    public ChatResponse(String text, String model, int promptTokens, int completionTokens, String finishReason) {
        this(text, model, promptTokens, completionTokens, finishReason, true);
    }

    /** About four characters per token: the estimate used wherever a provider reports no counts. */
    public static int estimateTokens(CharSequence text) {
        return text == null || text.length() == 0 ? 0 : (text.length() + 3) / 4;
    }
}
