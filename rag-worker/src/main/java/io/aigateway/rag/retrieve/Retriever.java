package io.aigateway.rag.retrieve;

import io.aigateway.schemas.job.Passage;
import java.util.List;

/**
 * The port of the rag step: finds the passages that best answer a query. Adapters wrap one search engine each (the
 * mock today; Lucene locally and Azure AI Search in production later) and never leak its SDK types.
 *
 * <p>Failures a caller can act on are thrown as {@link io.aigateway.pipeline.failure.StepException} with a stable code
 * and whether retrying may help.
 */
@FunctionalInterface
public interface Retriever {

    /** At most {@code query.topK()} passages, best first; empty when nothing matches. */
    List<Passage> retrieve(RetrievalQuery query);
}
