package io.aigateway.rag.mock;

import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.rag.retrieve.RetrieverProvider;
import org.springframework.stereotype.Component;

/** Offers the {@link MockRetriever} over its built-in corpus as provider {@code mock}, the default. */
@Component
public class MockRetrieverProvider implements RetrieverProvider {

    public static final String NAME = "mock";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Retriever create() {
        return MockRetriever.withBuiltInCorpus();
    }
}
