package io.aigateway.load.replay;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the jobs that entered the pipeline within a window of step topics. A job enters on the topic of its route's
 * first step at hop 0; records at later hops are the same jobs handed on, so they are skipped, as are jobs that were
 * themselves replays or redriven dead letters, the tool's own copies (unless asked for), and records that hold no
 * envelope. With a limit, the earliest jobs of the window are kept (by the broker's time, then topic, partition and
 * offset), whatever order the partitions are fetched in; the whole window is read for that, with no more than the
 * limit in memory.
 */
public final class RecordedJobs {

    /** What was read: the jobs in the order the broker stored them, and what was passed over and why. */
    public record Read(List<RecordedJob> jobs, long laterHops, long replays, long unreadable) {}

    /** The order jobs are replayed in: the broker's time, then where they were read. */
    static final Comparator<RecordedJob> EARLIEST_FIRST = Comparator.comparingLong(RecordedJob::timestamp)
            .thenComparing(RecordedJob::topic)
            .thenComparingInt(RecordedJob::partition)
            .thenComparingLong(RecordedJob::offset);

    private final KafkaSettings kafka;

    public RecordedJobs(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    public Read read(List<String> topics, Window window, boolean includeReplays, long limit) {
        // the latest kept job on top, so a job earlier than it replaces it once the limit is reached
        PriorityQueue<RecordedJob> jobs = new PriorityQueue<>(EARLIEST_FIRST.reversed());
        long laterHops = 0;
        long replays = 0;
        long unreadable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.readerConfig("replay-reader"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalArgumentException("topic " + topic + " does not exist");
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            Map<TopicPartition, Long> start =
                    bounds(consumer, partitions, window.fromTime(), window.fromOffset(), true);
            Map<TopicPartition, Long> end = bounds(consumer, partitions, window.toTime(), window.toOffset(), false);
            Map<TopicPartition, Long> open = new HashMap<>();
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                if (start.get(tp) < end.get(tp)) {
                    consumer.seek(tp, start.get(tp));
                    open.put(tp, end.get(tp));
                }
            }
            consumer.pause(
                    partitions.stream().filter(tp -> !open.containsKey(tp)).toList());
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long stop = open.get(tp);
                    if (stop == null || r.offset() >= stop) {
                        continue;
                    }
                    JobEnvelope envelope;
                    try {
                        envelope = Topics.ENVELOPE.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        envelope = null;
                    }
                    if (envelope == null
                            || envelope.jobId() == null
                            || envelope.route().isEmpty()) {
                        unreadable++;
                    } else if (envelope.hop() != 0) {
                        laterHops++;
                    } else if (!includeReplays
                            && (r.headers().lastHeader(Headers.REPLAY_OF) != null
                                    || r.headers().lastHeader(Headers.REDRIVE_OF) != null)) {
                        replays++;
                    } else {
                        jobs.add(new RecordedJob(r.topic(), r.partition(), r.offset(), r.timestamp(), envelope));
                        if (jobs.size() > limit) {
                            jobs.poll(); // the latest of limit + 1
                        }
                    }
                }
                for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (consumer.position(e.getKey()) >= e.getValue()) {
                        consumer.pause(List.of(e.getKey()));
                        it.remove();
                    }
                }
            }
        }
        List<RecordedJob> earliest = new ArrayList<>(jobs);
        earliest.sort(EARLIEST_FIRST);
        return new Read(earliest, laterHops, replays, unreadable);
    }

    /**
     * The offset of each partition where the window starts (or ends, exclusive): from a time, the first record at or
     * after it; from an offset, that offset within what the partition holds; with neither, the beginning (or the end).
     */
    private static Map<TopicPartition, Long> bounds(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            java.time.Instant time,
            Long offset,
            boolean start) {
        Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> last = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> result = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> byTime = null;
        if (time != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
            byTime = consumer.offsetsForTimes(query);
        }
        for (TopicPartition tp : partitions) {
            long value;
            if (time != null) {
                OffsetAndTimestamp found = byTime.get(tp);
                value = found == null ? last.get(tp) : found.offset();
            } else if (offset != null) {
                value = offset;
            } else {
                value = start ? first.get(tp) : last.get(tp);
            }
            result.put(tp, Math.max(first.get(tp), Math.min(value, last.get(tp))));
        }
        return result;
    }
}
