package io.aigateway.rag.retrieve;

/**
 * A provider of retrievers, as a bean: adding a search engine to the worker means adding one such bean (an adapter
 * beside the {@code mock} one). Only the provider chosen by {@code gateway.rag.provider} is ever {@linkplain #create()
 * created}, so an unused one neither opens an index nor needs its settings.
 */
public interface RetrieverProvider {

    /** The name {@code gateway.rag.provider} selects it by, also the provider named in events (e.g. {@code mock}). */
    String name();

    /** Builds the retriever; called once, at start. */
    Retriever create();
}
