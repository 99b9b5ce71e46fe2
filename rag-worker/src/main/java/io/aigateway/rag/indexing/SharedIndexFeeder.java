package io.aigateway.rag.indexing;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a shared index ({@link DocumentSink}, Azure AI Search) from the compacted topic {@code gw.documents}. Unlike
 * the local index, which every instance builds for itself, a shared index needs each record applied once: the
 * instances share a consumer group ({@code gateway.rag.azure-ai-search.feeder-group}), read from the beginning when
 * the group is new, and commit a partition's offset only after the sink applied its records (at-least-once; the sink
 * is idempotent). A retryable failure of the sink (429, 503) rewinds to the first record not applied and waits its
 * {@code Retry-After}; a record the sink refuses is logged and skipped.
 */
public final class SharedIndexFeeder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedIndexFeeder.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaSettings kafka;
    private final DocumentSink sink;
    private final BlobStore blobs;
    private final String group;

    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long recordsApplied;
    private Thread thread;

    public SharedIndexFeeder(KafkaSettings kafka, DocumentSink sink, BlobStore blobs, String group) {
        this.kafka = kafka;
        this.sink = sink;
        this.blobs = blobs;
        this.group = group;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "rag-index-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    public long recordsApplied() {
        return recordsApplied;
    }

    private void run() {
        Map<String, Object> config = kafka.consumerConfig(group);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
            consumer = c;
            c.subscribe(List.of(Topics.DOCUMENTS.name()));
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    for (TopicPartition tp : records.partitions()) {
                        feed(c, tp, records.records(tp));
                    }
                } catch (WakeupException e) {
                    // close() woke the poll
                } catch (RuntimeException e) {
                    log.warn("index feeder: {}; retrying in {}", e.toString(), RETRY);
                    sleep(RETRY);
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Applies one partition's records in order; commits after them, or rewinds to the first one not applied. */
    private void feed(
            KafkaConsumer<byte[], byte[]> c, TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                apply(r);
                recordsApplied++;
            } catch (StepException e) {
                if (!e.retryable()) {
                    log.warn("index feeder skips {}@{}: {}", tp, r.offset(), e.getMessage());
                    continue;
                }
                log.warn("index feeder: {}; {}@{} again after a pause", e.getMessage(), tp, r.offset());
                c.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset())));
                c.seek(tp, r.offset());
                sleep(e.retryAfter().orElse(RETRY));
                return;
            }
        }
        long next = records.get(records.size() - 1).offset() + 1;
        c.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        RagDocument doc;
        try {
            if (r.value() == null) {
                sink.delete(RagDocument.tenantOfKey(key), RagDocument.documentIdOfKey(key));
                return;
            }
            doc = Topics.DOCUMENT.deserialize(r.topic(), r.value());
        } catch (StepException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("index feeder skips {} at {}-{}@{}: {}", key, r.topic(), r.partition(), r.offset(), e.toString());
            return;
        }
        DocumentContent content;
        try {
            content = DocumentContent.of(doc, blobs);
        } catch (RuntimeException e) {
            log.warn("index feeder skips {}: {}", key, e.toString());
            return;
        }
        sink.upsert(doc.tenantId(), doc.documentId(), content.title(), content.text(), doc.source(), doc.version());
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
