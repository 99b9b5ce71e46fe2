package io.aigateway.llm.routing;

import io.aigateway.llm.chat.ChatResponse;

/**
 * An answer and the provider instance that gave it.
 *
 * @param provider the instance that answered (after any fallback)
 * @param response its answer
 */
public record Routed(String provider, ChatResponse response) {}
