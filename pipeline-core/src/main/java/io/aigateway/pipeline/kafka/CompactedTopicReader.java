package io.aigateway.pipeline.kafka;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.topic.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted topic whole, in every instance: no consumer group, every partition from the beginning, then
 * follows it. Each record goes to {@code apply} in order per partition (a null value is a tombstone). This is how
 * every instance ends with the same view of {@code gw.config} without asking another instance.
 *
 * <p>{@link #awaitCaughtUp} tells when everything that was on the topic at start has been applied; {@link
 * #awaitApplied} lets a writer wait for its own record to come back, so a read right after a write sees it.
 */
public final class CompactedTopicReader<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaSettings kafka;
    private final Topic<K, V> topic;
    private final String name;
    private final BiConsumer<K, V> apply;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile Map<Integer, Long> endAtStart;
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name names the client ({@code <prefix>-<name>}) and the thread
     * @param apply called on the reader's thread for each record, in order per partition
     */
    public CompactedTopicReader(KafkaSettings kafka, Topic<K, V> topic, String name, BiConsumer<K, V> apply) {
        this.kafka = kafka;
        this.topic = topic;
        this.name = name;
        this.apply = apply;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "reader-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean caughtUp() {
        Map<Integer, Long> end = endAtStart;
        return end != null
                && end.entrySet().stream().allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Waits until what was on the topic when the reader started has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return awaitUntil(this::caughtUp, timeout);
    }

    /** Waits until the record the producer acknowledged with {@code written} has been applied here. */
    public boolean awaitApplied(RecordMetadata written, Duration timeout) throws InterruptedException {
        return awaitUntil(() -> applied.getOrDefault(written.partition(), 0L) > written.offset(), timeout);
    }

    private boolean awaitUntil(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000), 0);
            }
            return true;
        }
    }

    private void run() {
        while (running) {
            try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.readerConfig(name))) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                c.assign(partitions);
                Map<TopicPartition, Long> resume = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    resume.put(tp, applied.getOrDefault(tp.partition(), 0L));
                }
                resume.forEach(c::seek);
                if (endAtStart == null) {
                    Map<Integer, Long> end = new HashMap<>();
                    c.endOffsets(partitions, Duration.ofSeconds(10)).forEach((tp, o) -> end.put(tp.partition(), o));
                    endAtStart = Map.copyOf(end);
                }
                signal();
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                        applyOne(record);
                    }
                    for (TopicPartition tp : partitions) {
                        applied.put(tp.partition(), c.position(tp));
                    }
                    signal();
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("reading {} failed; retrying in {} ms: {}", topic.name(), RETRY.toMillis(), e.toString());
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void applyOne(ConsumerRecord<byte[], byte[]> record) {
        try {
            K key = topic.keySerde().deserializer().deserialize(topic.name(), record.key());
            V value = record.value() == null
                    ? null
                    : topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            apply.accept(key, value);
        } catch (RuntimeException e) {
            log.warn(
                    "skipping unreadable record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
