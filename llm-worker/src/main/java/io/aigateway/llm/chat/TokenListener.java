package io.aigateway.llm.chat;

/** Receives the pieces of an answer as a {@link ChatModel} produces them. */
@FunctionalInterface
public interface TokenListener {

    TokenListener NONE = token -> {};

    void token(String text);
}
