package io.aigateway.schemas.job;

/**
 * Per-job knobs. Every field is optional; a missing one means the provider's or the route's default.
 *
 * @param language BCP 47 tag for speech, for example {@code en-US}
 * @param voice voice name for text-to-speech
 * @param model model name for the LLM step
 * @param maxTokens cap on generated tokens
 * @param temperature sampling temperature
 * @param topK number of passages retrieval returns
 * @param redactPii replace personal data before text reaches an LLM
 */
public record JobOptions(
        String language,
        String voice,
        String model,
        Integer maxTokens,
        Double temperature,
        Integer topK,
        Boolean redactPii) {

    public static JobOptions defaults() {
        return new JobOptions(null, null, null, null, null, null, null);
    }
}
