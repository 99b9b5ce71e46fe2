package io.aigateway.pipeline.kafka;

import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends a record that could not be processed to {@code gw.dlt} exactly as it was (key, value, headers), with headers
 * naming where it came from, what went wrong and how often it was tried, so an operator can inspect and redrive it.
 */
public final class DeadLetters {

    private static final int MAX_MESSAGE = 1_000;

    private final GatewayProducer producer;

    public DeadLetters(GatewayProducer producer) {
        this.producer = producer;
    }

    public CompletableFuture<RecordMetadata> send(
            ConsumerRecord<byte[], byte[]> record, Throwable error, int attempts) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        put(headers, Headers.DLT_ORIGINAL_TOPIC, record.topic());
        put(headers, Headers.DLT_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        put(headers, Headers.DLT_ORIGINAL_OFFSET, Long.toString(record.offset()));
        put(headers, Headers.DLT_ERROR_CLASS, error.getClass().getName());
        put(headers, Headers.DLT_ERROR_MESSAGE, truncate(String.valueOf(error.getMessage())));
        put(headers, Headers.DLT_ATTEMPTS, Integer.toString(attempts));
        put(headers, Headers.DLT_FAILED_AT, Instant.now().toString());
        return producer.send(new ProducerRecord<>(Topics.DLT.name(), null, record.key(), record.value(), headers));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
