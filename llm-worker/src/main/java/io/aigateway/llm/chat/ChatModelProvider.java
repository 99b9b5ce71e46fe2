package io.aigateway.llm.chat;

/**
 * A type of chat model provider ({@code mock}, {@code azure-openai}, {@code openai-compatible}): one bean per type, in
 * the adapter's own package. Provider instances ({@code gateway.llm.providers.<name>}) name a type; only the instances
 * configured are created, so an unused type needs no settings.
 */
public interface ChatModelProvider {

    /** The type name instances select it by (for example {@code mock}). */
    String name();

    /** Builds a chat model with no settings of its own; types that need settings refuse. */
    ChatModel create();

    /** Builds the chat model of instance {@code instance}; called once per instance, at start. */
    default ChatModel create(String instance, ProviderSettings settings) {
        return create();
    }
}
