package io.aigateway.schemas.job;

/**
 * What the LLM answered, with the token counts the provider reported (or estimated, for providers that report none).
 *
 * @param finishReason {@code stop} or {@code length}
 * @param usage who served it and what it cost; null in answers written before it existed
 */
public record Answer(
        String text, String model, int promptTokens, int completionTokens, String finishReason, Usage usage) {

    /** An answer without usage details. */
    public Answer(String text, String model, int promptTokens, int completionTokens, String finishReason) {
        this(text, model, promptTokens, completionTokens, finishReason, null);
    }
}
