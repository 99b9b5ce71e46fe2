package io.aigateway.rag.indexing;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.rag.lucene.LuceneKnowledgeIndex;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's index equal to the compacted topic {@code gw.documents}. It reads the whole topic itself (all
 * partitions assigned, no consumer group, so no two instances share the work and every one ends with the same index),
 * applies each record (a document replaces its chunks, a tombstone deletes them) and commits the index together with
 * the next offset of every partition in the Lucene commit's user data. A restart resumes from those offsets; an index
 * whose offsets lie beyond the topic's end (the broker's data was wiped) is rebuilt from the beginning.
 *
 * <p>At start it notes the topic's end offsets; once it has applied up to them the index is {@linkplain
 * #awaitCaughtUp(Duration) caught up} and queries are answered. A record that cannot be read or indexed is logged and
 * skipped: the topic is state, not work, and the next version of the document replaces it.
 */
public final class DocumentTopicIndexer implements AutoCloseable {

    /** Runs once before the end offsets are noted, when the index and the topic are both empty (a first start). */
    @FunctionalInterface
    public interface FirstStart {
        void run();
    }

    private static final Logger log = LoggerFactory.getLogger(DocumentTopicIndexer.class);
    private static final String OFFSET_PREFIX = "offset." + Topics.DOCUMENTS.name() + ".";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final LuceneKnowledgeIndex index;
    private final BlobStore blobs;
    private final FirstStart firstStart;
    private final String name;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<Integer, Long> applied = new HashMap<>();

    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long recordsApplied;
    private Thread thread;

    public DocumentTopicIndexer(
            KafkaSettings kafka, LuceneKnowledgeIndex index, BlobStore blobs, FirstStart firstStart, String name) {
        this.kafka = kafka;
        this.index = index;
        this.blobs = blobs;
        this.firstStart = firstStart;
        this.name = name == null ? "rag-indexer-" + UUID.randomUUID() : name;
        index.committedData().forEach((k, v) -> {
            if (k.startsWith(OFFSET_PREFIX)) {
                applied.put(Integer.parseInt(k.substring(OFFSET_PREFIX.length())), Long.parseLong(v));
            }
        });
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits up to {@code timeout} for the index to have applied the topic as it stood at start. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** The next offset to read per partition, as last committed with the index. */
    public synchronized Map<Integer, Long> appliedOffsets() {
        return Map.copyOf(applied);
    }

    public long recordsApplied() {
        return recordsApplied;
    }

    private void run() {
        Map<String, Object> config = kafka.readerConfig(name);
        // never let a metadata request create the topic with the broker's defaults (not compacted); the provisioner
        // or the infrastructure creates it
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            Map<TopicPartition, Long> targets = null;
            Instant nextRefresh = Instant.MIN;
            while (running) {
                try {
                    if (Instant.now().isAfter(nextRefresh)) {
                        boolean first = assigned.isEmpty();
                        refresh(c, assigned);
                        nextRefresh = Instant.now().plus(assigned.isEmpty() ? RETRY : PARTITION_REFRESH);
                        if (first && !assigned.isEmpty()) {
                            targets = startingPoint(c, assigned);
                        }
                    }
                    if (assigned.isEmpty()) {
                        sleep(RETRY);
                        continue;
                    }
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        apply(records);
                    }
                    if (targets != null && reached(c, targets)) {
                        targets = null;
                        caughtUp.countDown();
                        log.info(
                                "retrieval index in {} caught up with {}: {} chunks",
                                index.dir(),
                                Topics.DOCUMENTS.name(),
                                index.chunkCount());
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll
                } catch (RuntimeException e) {
                    log.warn("document indexer: {}; retrying in {}", e.toString(), RETRY);
                    sleep(RETRY);
                    rewind(c, assigned);
                }
            }
        } catch (RuntimeException e) {
            log.error("document indexer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private void refresh(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        List<PartitionInfo> infos = c.partitionsFor(Topics.DOCUMENTS.name(), Duration.ofSeconds(5));
        Set<TopicPartition> added = new HashSet<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition tp = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        c.assign(assigned);
        for (TopicPartition tp : added) {
            Long from = appliedOffset(tp.partition());
            if (from == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, from);
            }
        }
    }

    /**
     * Checks the stored offsets against the topic (rebuilding when they lie beyond its end), runs the first-start
     * hook when index and topic are empty, and returns the end offsets the index must reach to be caught up.
     */
    private Map<TopicPartition, Long> startingPoint(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        Map<TopicPartition, Long> ends = c.endOffsets(assigned);
        Map<TopicPartition, Long> beginnings = c.beginningOffsets(assigned);
        boolean beyond = ends.entrySet().stream().anyMatch(e -> {
            Long stored = appliedOffset(e.getKey().partition());
            return stored != null && stored > e.getValue();
        });
        if (beyond) {
            log.warn(
                    "the retrieval index in {} was built from a {} with more records than the broker has now;"
                            + " rebuilding it from the topic",
                    index.dir(),
                    Topics.DOCUMENTS.name());
            index.clear();
            synchronized (this) {
                applied.clear();
            }
            index.commit(Map.of());
            c.seekToBeginning(assigned);
        }
        boolean topicEmpty = ends.entrySet().stream().allMatch(e -> e.getValue().equals(beginnings.get(e.getKey())));
        if (topicEmpty && appliedOffsetsEmpty() && index.chunkCount() == 0 && firstStart != null) {
            firstStart.run();
            ends = c.endOffsets(assigned);
        }
        return new HashMap<>(ends);
    }

    /**
     * After a failure (a commit that did not happen), reads again from the offsets the index last committed, so no
     * record that was polled but not committed is lost.
     */
    private void rewind(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        try {
            for (TopicPartition tp : assigned) {
                Long from = appliedOffset(tp.partition());
                if (from == null) {
                    c.seekToBeginning(List.of(tp));
                } else {
                    c.seek(tp, from);
                }
            }
        } catch (RuntimeException e) {
            log.warn("document indexer cannot rewind: {}", e.toString());
        }
    }

    private boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> targets) {
        for (var target : targets.entrySet()) {
            if (c.position(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            applyOne(r);
            next.put(r.partition(), r.offset() + 1);
        }
        Map<Integer, Long> offsets;
        synchronized (this) {
            offsets = new HashMap<>(applied);
        }
        offsets.putAll(next);
        Map<String, String> data = new HashMap<>();
        offsets.forEach((p, o) -> data.put(OFFSET_PREFIX + p, Long.toString(o)));
        index.commit(data);
        // only a committed batch moves the offsets on: after a failed commit, rewind reads it again
        synchronized (this) {
            applied.putAll(next);
        }
        recordsApplied += records.count();
    }

    private void applyOne(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        try {
            if (key == null) {
                log.warn("skipping a record without key at {}-{}@{}", r.topic(), r.partition(), r.offset());
                return;
            }
            if (r.value() == null) {
                index.delete(RagDocument.tenantOfKey(key), RagDocument.documentIdOfKey(key));
                return;
            }
            RagDocument doc = Topics.DOCUMENT.deserialize(r.topic(), r.value());
            if (!doc.key().equals(key)) {
                log.warn("skipping document {} published under key {}", doc.key(), key);
                return;
            }
            DocumentContent content = DocumentContent.of(doc, blobs);
            index.upsert(
                    doc.tenantId(), doc.documentId(), content.title(), content.text(), doc.source(), doc.version());
        } catch (RuntimeException e) {
            log.warn("skipping document {} at {}-{}@{}: {}", key, r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    private synchronized Long appliedOffset(int partition) {
        return applied.get(partition);
    }

    private synchronized boolean appliedOffsetsEmpty() {
        return applied.isEmpty();
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
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
