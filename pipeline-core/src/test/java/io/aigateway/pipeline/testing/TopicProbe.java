package io.aigateway.pipeline.testing;

import io.aigateway.pipeline.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** Reads a whole topic from the start until a matching record turns up; for checking what landed where. */
public final class TopicProbe {

    private TopicProbe() {}

    public static ConsumerRecord<byte[], byte[]> awaitRecord(
            KafkaSettings settings, String topic, Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.readerConfig("topic-probe"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            Awaitility.await().atMost(timeout).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
