package io.aigateway.load.dlt;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead letters on {@code gw.dlt} and their redrives. {@code gw.dlt} is the log of both: a redrive publishes the
 * original record back to its original topic (headers as they were, minus the dead-letter ones, plus
 * {@code x-redrive-of}) and then appends a marker to {@code gw.dlt} ({@code x-dlt-redriven}, no key, no value), so
 * reading the topic tells which letters are redriven and a second redrive of one does nothing. A redrive that stops
 * between the two sends leaves the letter unmarked; redriving it again then publishes the record a second time,
 * which the workers absorb like any redelivery (one outcome per job and step).
 */
public final class DeadLetterLog {

    /** What a redrive did with one letter. */
    public enum Outcome {
        REDRIVEN,
        ALREADY_REDRIVEN,
        NOT_FOUND,
        NO_ORIGINAL_TOPIC
    }

    private final KafkaSettings kafka;

    public DeadLetterLog(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** Every dead letter now on {@code gw.dlt}, oldest first per partition, each marked when redriven. */
    public List<DeadLetter> read() {
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        Set<String> redriven = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.readerConfig("dlt-reader"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLT.name(), Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!end.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Header marker = r.headers().lastHeader(Headers.DLT_REDRIVEN);
                    if (marker != null) {
                        redriven.add(new String(marker.value(), StandardCharsets.UTF_8));
                    } else {
                        String id = DeadLetter.idOf(r.partition(), r.offset());
                        letters.put(
                                id,
                                new DeadLetter(
                                        id,
                                        r.partition(),
                                        r.offset(),
                                        r.timestamp(),
                                        r.key(),
                                        r.value(),
                                        r.headers().toArray(),
                                        false));
                    }
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        List<DeadLetter> result = new ArrayList<>();
        letters.values().forEach(l -> result.add(redriven.contains(l.id()) ? l.markedRedriven() : l));
        return result;
    }

    public Optional<DeadLetter> find(String id) {
        return read().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /**
     * Redrives the given letters (all waiting ones when {@code ids} is empty), each at most once; returns what
     * happened to each, by id.
     */
    public Map<String, Outcome> redrive(List<String> ids, GatewayProducer producer) {
        Map<String, DeadLetter> byId = new LinkedHashMap<>();
        read().forEach(l -> byId.put(l.id(), l));
        List<String> wanted = ids.isEmpty()
                ? byId.values().stream()
                        .filter(l -> !l.redriven())
                        .map(DeadLetter::id)
                        .toList()
                : ids.stream().distinct().toList();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String id : wanted) {
            DeadLetter letter = byId.get(id);
            if (letter == null) {
                outcomes.put(id, Outcome.NOT_FOUND);
            } else if (letter.redriven()) {
                outcomes.put(id, Outcome.ALREADY_REDRIVEN);
            } else if (letter.originalTopic() == null || letter.originalTopic().isBlank()) {
                outcomes.put(id, Outcome.NO_ORIGINAL_TOPIC);
            } else {
                producer.send(original(letter)).join();
                producer.send(marker(letter)).join();
                outcomes.put(id, Outcome.REDRIVEN);
            }
        }
        return outcomes;
    }

    private static ProducerRecord<byte[], byte[]> original(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : letter.headers()) {
            // the dead-letter headers (Headers.DLT_*) described the failure, not the record
            if (!h.key().startsWith("x-dlt-") && !h.key().equals(Headers.REDRIVE_OF)) {
                headers.add(h);
            }
        }
        headers.add(Headers.REDRIVE_OF, (Topics.DLT.name() + "/" + letter.id()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(letter.originalTopic(), null, letter.key(), letter.value(), headers);
    }

    private static ProducerRecord<byte[], byte[]> marker(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.DLT_REDRIVEN, letter.id().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.DLT.name(), letter.partition(), (byte[]) null, (byte[]) null, headers);
    }
}
