package io.aigateway.load.replay;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Accounts for jobs by their terminal event on {@code gw.events}: a reader without a group, positioned at the end of
 * every partition before the first job is watched, so it sees each watched job's end whenever it comes. Jobs are
 * watched by correlation id, which the submitter chooses before sending (so an end that comes before the submission's
 * answer is not missed); each must be unique. A job is accounted for once, by its first terminal event (a redelivered
 * one is ignored). It also times each job from when it was watched (or from a given start) to its end.
 */
public final class TerminalWatch implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong ended = new AtomicLong();
    private final Recorder latencyMicros = new Recorder(3_600_000_000L, 3);
    private volatile boolean running = true;
    private volatile Listener listener = (correlationId, type, nanos) -> {};

    /** Told of each watched job's end, on the watch's thread. */
    @FunctionalInterface
    public interface Listener {
        void ended(String correlationId, String type, long endNanos);
    }

    public TerminalWatch(KafkaSettings kafka) {
        consumer = new KafkaConsumer<>(kafka.readerConfig("terminal-watch"));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name(), Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any watched job can end
        thread = new Thread(this::run, "terminal-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches the job of this correlation id from now on; call before it is submitted. */
    public void watch(String correlationId) {
        watch(correlationId, System.nanoTime());
    }

    /** Watches the job of this correlation id, timing it from {@code startNanos} ({@link System#nanoTime()}). */
    public void watch(String correlationId, long startNanos) {
        watched.put(correlationId, startNanos);
    }

    /** Stops watching a job whose submission failed; whether it was still watched. */
    public boolean forget(String correlationId) {
        return watched.remove(correlationId) != null;
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Watched jobs that have not ended yet. */
    public int pending() {
        return watched.size();
    }

    public long ended() {
        return ended.get();
    }

    /** Ended jobs by their terminal event's type ({@code completed}, {@code failed}, {@code cancelled}). */
    public Map<String, Long> outcomes() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        outcomes.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Waits until no watched job is pending or the timeout passed; whether none is pending. */
    public boolean awaitAll(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!watched.isEmpty() && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return watched.isEmpty();
    }

    /** The latencies (microseconds) recorded since the last call. */
    public org.HdrHistogram.Histogram latencies() {
        return latencyMicros.getIntervalHistogram();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    JobEvent event;
                    try {
                        event = Topics.EVENT.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        continue; // not ours to judge: the result store reports unreadable events
                    }
                    if (event == null || !event.isTerminal()) {
                        continue;
                    }
                    Long sent = event.correlationId() == null ? null : watched.remove(event.correlationId());
                    if (sent != null) {
                        long now = System.nanoTime();
                        latencyMicros.recordValue(Math.max(0, (now - sent) / 1_000));
                        listener.ended(event.correlationId(), event.type(), now);
                        outcomes.computeIfAbsent(event.type(), k -> new AtomicLong())
                                .incrementAndGet();
                        ended.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
