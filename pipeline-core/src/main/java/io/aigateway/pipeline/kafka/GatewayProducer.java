package io.aigateway.pipeline.kafka;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one producer of a JVM (Kafka producers are thread-safe and batch best when shared). It serializes with each
 * topic's own serdes, stamps the correlation headers, and turns the send callback into a future that completes when
 * the broker acknowledged the record ({@code acks=all}, idempotent).
 */
public final class GatewayProducer implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;

    public GatewayProducer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** Publishes an envelope to the topic of its current step, keyed by correlation id. */
    public CompletableFuture<RecordMetadata> sendEnvelope(JobEnvelope envelope, Correlation correlation) {
        return send(Topics.step(envelope.currentStep()), envelope.correlationId(), envelope, correlation);
    }

    /** Publishes a job event, keyed by job id. */
    public CompletableFuture<RecordMetadata> sendEvent(JobEvent event, Correlation correlation) {
        return send(Topics.EVENTS, event.jobId(), event, correlation);
    }

    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value, Correlation correlation) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        RecordHeaders headers = new RecordHeaders();
        if (correlation != null) {
            correlation.writeTo(headers);
        }
        return send(new ProducerRecord<>(topic.name(), null, k, v, headers));
    }

    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be had within max.block.ms or the record is too large
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void close() {
        producer.close();
    }

    public void flush() {
        producer.flush();
    }
}
