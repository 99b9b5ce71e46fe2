package io.aigateway.schemas.job;

import java.util.List;

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
 * @param phrases words and phrases speech is expected to contain, to steer recognition toward them
 * @param mockProviders every step of the job runs on its worker's mock provider, whatever the worker is configured
 *     to use: set by {@code gatewayctl replay --mock-providers} so that a load test bills no provider; the ingress
 *     never sets it from a client's request
 */
public record JobOptions(
        String language,
        String voice,
        String model,
        Integer maxTokens,
        Double temperature,
        Integer topK,
        Boolean redactPii,
        List<String> phrases,
        Boolean mockProviders) {

    public JobOptions {
        phrases = phrases == null || phrases.isEmpty() ? null : List.copyOf(phrases);
    }

    /** Options of a job that runs on the configured providers. */
    public JobOptions(
            String language,
            String voice,
            String model,
            Integer maxTokens,
            Double temperature,
            Integer topK,
            Boolean redactPii,
            List<String> phrases) {
        this(language, voice, model, maxTokens, temperature, topK, redactPii, phrases, null);
    }

    /** Options without a phrase list. */
    public JobOptions(
            String language,
            String voice,
            String model,
            Integer maxTokens,
            Double temperature,
            Integer topK,
            Boolean redactPii) {
        this(language, voice, model, maxTokens, temperature, topK, redactPii, null, null);
    }

    public static JobOptions defaults() {
        return new JobOptions(null, null, null, null, null, null, null, null, null);
    }

    /** These options with redaction on or off, everything else kept. */
    public JobOptions withRedactPii(boolean redact) {
        return new JobOptions(language, voice, model, maxTokens, temperature, topK, redact, phrases, mockProviders);
    }

    /** These options with a phrase list, everything else kept. */
    public JobOptions withPhrases(List<String> list) {
        return new JobOptions(language, voice, model, maxTokens, temperature, topK, redactPii, list, mockProviders);
    }

    /** These options with every step on its mock provider (or on the configured ones), everything else kept. */
    public JobOptions withMockProviders(boolean mock) {
        return new JobOptions(
                language, voice, model, maxTokens, temperature, topK, redactPii, phrases, mock ? Boolean.TRUE : null);
    }

    /** Whether every step of the job runs on its worker's mock provider. */
    public boolean onMockProviders() {
        return Boolean.TRUE.equals(mockProviders);
    }
}
