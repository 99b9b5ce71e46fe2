package io.aigateway.schemas.job;

/**
 * What an LLM answer cost: the provider instance that served it, whether its token counts are the provider's own or
 * estimated by the gateway, and the cost estimated from the configured price table.
 *
 * @param provider the provider instance that answered (after any fallback), for example {@code azure-east}
 * @param totalTokens prompt and completion tokens together
 * @param estimated true when the gateway counted the tokens itself (the provider reported none, as some streams do)
 * @param cost the estimated cost in {@code currency}, or null when the price table has no entry for the model
 * @param currency the currency of {@code cost}, for example {@code USD}; null with no cost
 */
public record Usage(String provider, int totalTokens, boolean estimated, Double cost, String currency) {}
