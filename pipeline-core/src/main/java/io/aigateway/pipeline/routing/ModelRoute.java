package io.aigateway.pipeline.routing;

import java.util.List;
import java.util.Locale;

/**
 * One route of the LLM step: for a tenant ({@code *} for every tenant) and a requested model, the ordered chain of
 * provider instances that may serve it, the system prompt the answer starts from, and whether retrieval runs first.
 *
 * @param tenant the tenant this route is for, or {@link #ANY_TENANT}
 * @param model the model name clients ask for (what {@code GET /v1/models} lists)
 * @param providers provider instances to try in order (names under {@code gateway.llm.providers}); empty means the
 *     worker's default instance ({@code gateway.llm.provider})
 * @param systemPrompt instructions for this route, or null for the worker's default
 * @param retrieval whether the OpenAI-compatible API runs {@code rag} before {@code llm} for this model
 */
public record ModelRoute(String tenant, String model, List<String> providers, String systemPrompt, boolean retrieval) {

    public static final String ANY_TENANT = "*";

    public ModelRoute {
        tenant = tenant == null || tenant.isBlank() ? ANY_TENANT : tenant.trim();
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a route needs a model name");
        }
        model = model.trim();
        providers = providers == null
                ? List.of()
                : providers.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).toList();
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? null : systemPrompt;
    }

    public boolean forAnyTenant() {
        return ANY_TENANT.equals(tenant);
    }
}
