package io.aigateway.rag.lucene;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.rag.retrieve.RetrievalQuery;
import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.schemas.job.Passage;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code lucene} retriever: hybrid search of the local index, always within the query's tenant. Until the index
 * has caught up with the document topic as it stood at start, a query waits (up to {@code ready-timeout}) rather than
 * answer from a half-built index, then fails retryably.
 */
public final class LuceneRetriever implements Retriever {

    private final LuceneKnowledgeIndex index;
    private final Predicate<Duration> ready;
    private final LuceneProperties properties;

    /**
     * @param ready waits up to the given time for the index to be caught up; true when it is
     */
    public LuceneRetriever(LuceneKnowledgeIndex index, Predicate<Duration> ready, LuceneProperties properties) {
        this.index = index;
        this.ready = ready;
        this.properties = properties;
    }

    @Override
    public List<Passage> retrieve(RetrievalQuery query) {
        if (query.tenantId() == null || query.tenantId().isBlank()) {
            throw StepException.permanent(ErrorCodes.INVALID_INPUT, "retrieval needs the job's tenant");
        }
        if (!ready.test(properties.readyTimeout())) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE,
                    "the retrieval index is still catching up with gw.documents",
                    true,
                    Duration.ofSeconds(1),
                    null);
        }
        return index.search(query.tenantId(), query.text(), query.topK(), properties.mode(), properties.candidates());
    }
}
