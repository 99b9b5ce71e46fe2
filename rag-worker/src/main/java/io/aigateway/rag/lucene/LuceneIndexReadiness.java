package io.aigateway.rag.lucene;

import io.aigateway.pipeline.ops.ReadinessCheck;
import io.aigateway.rag.indexing.DocumentTopicIndexer;

/**
 * {@code /ready}'s check {@code ragIndex}: with provider {@code lucene}, ready once the local index has caught up with
 * {@code gw.documents} as it stood at start (before that, queries wait); with any other provider, always ready.
 */
public final class LuceneIndexReadiness implements ReadinessCheck {

    private final LuceneRetrieverProvider lucene;

    public LuceneIndexReadiness(LuceneRetrieverProvider lucene) {
        this.lucene = lucene;
    }

    @Override
    public String name() {
        return "ragIndex";
    }

    @Override
    public Status check() {
        DocumentTopicIndexer indexer = lucene.indexer();
        if (indexer == null) {
            return Status.ready("no local index (provider is not lucene)");
        }
        return indexer.isCaughtUp()
                ? Status.ready("caught up with gw.documents")
                : Status.notReady("catching up with gw.documents");
    }
}
