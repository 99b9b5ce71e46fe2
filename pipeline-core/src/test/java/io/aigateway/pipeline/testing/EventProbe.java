package io.aigateway.pipeline.testing;

import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@code gw.events} from the start in the background and keeps every event by job id, as delivered (duplicates
 * included), so tests can wait for a job's end and check what its readers would see.
 */
public final class EventProbe implements AutoCloseable {

    private final Map<String, List<JobEvent>> byJob = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    public EventProbe(KafkaSettings settings) {
        consumer = new KafkaConsumer<>(settings.readerConfig("event-probe"));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "event-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    JobEvent e = Topics.EVENT.deserialize(r.topic(), r.value());
                    byJob.computeIfAbsent(e.jobId(), k -> new CopyOnWriteArrayList<>())
                            .add(e);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Every event of the job received so far, as delivered. */
    public List<JobEvent> events(String jobId) {
        return new ArrayList<>(byJob.getOrDefault(jobId, List.of()));
    }

    /** Waits until the job has a terminal event and returns it. */
    public JobEvent awaitTerminal(String jobId, Duration timeout) {
        await().atMost(timeout).until(() -> events(jobId).stream().anyMatch(JobEvent::isTerminal));
        return events(jobId).stream().filter(JobEvent::isTerminal).findFirst().orElseThrow();
    }

    public JobEvent awaitTerminal(String jobId) {
        return awaitTerminal(jobId, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
