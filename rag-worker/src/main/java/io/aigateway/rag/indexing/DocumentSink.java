package io.aigateway.rag.indexing;

/**
 * A shared search index fed from {@code gw.documents} by {@link SharedIndexFeeder} (Azure AI Search): one index for
 * every instance, so each record is applied once by one instance of a consumer group. Both calls must be idempotent
 * (a record may come twice) and throw {@link io.aigateway.pipeline.failure.StepException} when retrying may help.
 */
public interface DocumentSink {

    /** Replaces the document's chunks in the index. */
    void upsert(String tenant, String documentId, String title, String text, String source, long version);

    /** Removes the document's chunks from the index. */
    void delete(String tenant, String documentId);
}
