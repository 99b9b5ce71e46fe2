package io.aigateway.llm.usage;

import io.aigateway.llm.chat.ChatResponse;
import io.aigateway.llm.chat.LlmProperties;
import io.aigateway.schemas.job.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Prices an answer from the configured table ({@code gateway.llm.prices.<model>.prompt/completion}, per 1,000 tokens)
 * and counts its tokens and cost as metrics: {@code gateway.llm.tokens} by tenant, model, provider and kind
 * ({@code prompt}, {@code completion}), and {@code gateway.llm.cost} by tenant, model and provider.
 */
public final class UsageMeter {

    private final Map<String, LlmProperties.Price> prices;
    private final String currency;
    private final MeterRegistry meters;

    public UsageMeter(Map<String, LlmProperties.Price> prices, String currency, MeterRegistry meters) {
        this.prices = Map.copyOf(prices);
        this.currency = currency;
        this.meters = meters;
    }

    /** The usage of one answer, recorded. {@code model} is the route's model (what the price table names). */
    public Usage record(String tenant, String model, String provider, ChatResponse response) {
        String tenantTag = tenant == null ? "unknown" : tenant;
        tokens(tenantTag, model, provider, "prompt").increment(response.promptTokens());
        tokens(tenantTag, model, provider, "completion").increment(response.completionTokens());
        LlmProperties.Price price = prices.get(model);
        Double cost = null;
        if (price != null) {
            cost = (response.promptTokens() * price.prompt() + response.completionTokens() * price.completion())
                    / 1000.0;
            Counter.builder("gateway.llm.cost")
                    .description("estimated cost of LLM answers, from the configured price table")
                    .baseUnit(currency)
                    .tags("tenant", tenantTag, "model", model, "provider", provider)
                    .register(meters)
                    .increment(cost);
        }
        return new Usage(
                provider,
                response.promptTokens() + response.completionTokens(),
                response.estimated(),
                cost,
                cost == null ? null : currency);
    }

    private Counter tokens(String tenant, String model, String provider, String kind) {
        return Counter.builder("gateway.llm.tokens")
                .description("LLM tokens by tenant, model, provider instance and kind (prompt or completion)")
                .baseUnit("tokens")
                .tags("tenant", tenant, "model", model, "provider", provider, "kind", kind)
                .register(meters);
    }
}
