package io.aigateway.schemas.job;

/**
 * What the LLM answered, with the token counts the provider reported (or estimated, for providers that report none).
 *
 * @param finishReason {@code stop} or {@code length}
 */
public record Answer(String text, String model, int promptTokens, int completionTokens, String finishReason) {}
