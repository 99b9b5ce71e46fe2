package io.aigateway.ingress.documents;

import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Hands documents and tombstones to {@code gw.documents}. The producer's {@code send} blocks while it has no metadata
 * (the broker is away), so sends run on a small bounded pool, never on a servlet thread; the answer is bounded by
 * {@code publish-timeout}.
 */
public final class DocumentPublisher implements AutoCloseable {

    private final GatewayProducer producer;
    private final Duration timeout;
    private final ThreadPoolExecutor senders;

    public DocumentPublisher(GatewayProducer producer, DocumentProperties properties) {
        this.producer = producer;
        this.timeout = properties.publishTimeout();
        this.senders = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100), r -> {
            Thread t = new Thread(r, "ingress-document-publish");
            t.setDaemon(true);
            return t;
        });
        this.senders.allowCoreThreadTimeOut(true);
    }

    /** Publishes the document under its key; completes when the broker acknowledged it. */
    public CompletableFuture<RecordMetadata> publish(RagDocument document) {
        return send(document.key(), document);
    }

    /** Publishes the tombstone that deletes the document. */
    public CompletableFuture<RecordMetadata> delete(String tenant, String id) {
        return send(RagDocument.key(tenant, id), null);
    }

    private CompletableFuture<RecordMetadata> send(String key, RagDocument value) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            senders.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                producer.send(Topics.DOCUMENTS, key, value, null).whenComplete((metadata, error) -> {
                    if (error == null) {
                        result.complete(metadata);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        senders.shutdown();
    }
}
