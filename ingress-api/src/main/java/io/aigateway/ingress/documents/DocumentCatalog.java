package io.aigateway.ingress.documents;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This ingress instance's view of the knowledge base: it reads the compacted topic {@code gw.documents} whole (no
 * consumer group, all partitions, from the beginning) into a small in-memory map per tenant of document summaries
 * (never the content). Every ingress replica builds the same view from the topic alone, so listing works in a split
 * deployment without asking a rag-worker, and a tombstone removes the entry as it removes the chunks from the indexes.
 *
 * <p>A write through this instance waits a moment for its own record to come back through the view ({@link
 * #awaitApplied}), so a list right after a 202 shows it.
 */
public class DocumentCatalog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DocumentCatalog.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final Map<String, Map<String, DocumentSummary>> byTenant = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();

    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public DocumentCatalog(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** The tenant's documents, by id. */
    public List<DocumentSummary> list(String tenant) {
        return byTenant.getOrDefault(tenant, Map.of()).values().stream()
                .sorted(Comparator.comparing(DocumentSummary::id))
                .toList();
    }

    public Optional<DocumentSummary> find(String tenant, String id) {
        return Optional.ofNullable(byTenant.getOrDefault(tenant, Map.of()).get(id));
    }

    public int count(String tenant) {
        return byTenant.getOrDefault(tenant, Map.of()).size();
    }

    /** Whether the view has read the topic up to where it ended when this instance started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Takes a record as read from the topic: a document replaces its summary, a tombstone removes it. */
    void apply(String key, RagDocument doc) {
        String tenant = RagDocument.tenantOfKey(key);
        String id = RagDocument.documentIdOfKey(key);
        if (doc == null) {
            byTenant.computeIfPresent(tenant, (t, docs) -> {
                docs.remove(id);
                return docs.isEmpty() ? null : docs;
            });
        } else {
            byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(id, DocumentSummary.of(doc));
        }
    }

    /** Waits up to {@code timeout} until the view has read past {@code offset} of {@code partition}. */
    public boolean awaitApplied(int partition, long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (positions.getOrDefault(partition, -1L) <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "ingress-document-catalog");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Map<String, Object> config = kafka.readerConfig("ingress-documents");
        // never let a metadata request create the topic with the broker's defaults (not compacted)
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
                            targets = new HashMap<>(c.endOffsets(assigned));
                        }
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(RETRY.toMillis());
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                        read(r);
                    }
                    synchronized (progress) {
                        for (TopicPartition tp : assigned) {
                            positions.put(tp.partition(), c.position(tp));
                        }
                        progress.notifyAll();
                    }
                    if (targets != null
                            && targets.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                        targets = null;
                        caughtUp = true;
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("document catalog: {}; retrying in {}", e.toString(), RETRY);
                    try {
                        Thread.sleep(RETRY.toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        try {
            apply(key, r.value() == null ? null : Topics.DOCUMENT.deserialize(r.topic(), r.value()));
        } catch (RuntimeException e) {
            log.warn(
                    "document catalog skips {} at {}-{}@{}: {}",
                    key,
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.toString());
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
        if (!added.isEmpty()) {
            c.assign(assigned);
            c.seekToBeginning(added);
        }
    }
}
