package io.aigateway.llm.chat;

/**
 * A provider of chat models, as a bean: adding a provider to the worker means adding one such bean (an adapter beside
 * the {@code mock} one). Only the provider chosen by {@code gateway.llm.provider} is ever {@linkplain #create()
 * created}, so an unused provider neither connects anywhere nor needs its settings.
 */
public interface ChatModelProvider {

    /** The name {@code gateway.llm.provider} selects it by, also the provider named in events (e.g. {@code mock}). */
    String name();

    /** Builds the chat model; called once, at start. */
    ChatModel create();
}
