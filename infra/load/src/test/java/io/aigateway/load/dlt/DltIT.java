package io.aigateway.load.dlt;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.load.cli.Run;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.DeadLetters;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code gatewayctl dlt} on a real broker, on letters written by the gateway's own dead-letter writer
 * (pipeline-core's {@link DeadLetters}), as a worker writes them.
 */
class DltIT {

    private static final String ORIGINAL_TOPIC =
            Topics.step(io.aigateway.schemas.job.Step.TTS).name();

    private static KafkaSettings kafka;
    private static GatewayProducer producer;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.settings();
        producer = new GatewayProducer(new KafkaProducer<>(kafka.producerConfig()));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void listShowAndRedriveOnce() throws Exception {
        String marker = UUID.randomUUID().toString();
        String poison = "{\"not\":\"an envelope " + marker + "\"}";
        String id = deadLetter("key-" + marker, poison, new IllegalStateException("boom " + marker), 3);

        Run list = Run.of("dlt", "list", "-b", kafka.bootstrapServers(), "--topic", ORIGINAL_TOPIC);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(lineOf(list.out(), id))
                .contains(ORIGINAL_TOPIC)
                .contains("waiting")
                .contains("IllegalStateException: boom " + marker)
                .contains(" 3 ");

        Run show = Run.of("dlt", "show", "-b", kafka.bootstrapServers(), id);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .contains("id:        " + id)
                .contains("status:    waiting")
                .contains(Headers.DLT_ORIGINAL_TOPIC + ": " + ORIGINAL_TOPIC)
                .contains(Headers.DLT_ATTEMPTS + ": 3")
                .contains(Headers.CORRELATION_ID + ": corr-" + marker)
                .contains("key:       key-" + marker)
                .contains("\"not\" : \"an envelope " + marker + "\"");

        Run redrive = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), id);
        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains(id + " redriven").contains("1 redriven");

        Run again = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), id);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains(id + " already redriven").contains("0 redriven");

        Run all = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), "--all");
        assertThat(all.out()).doesNotContain(id);

        List<ConsumerRecord<byte[], byte[]>> copies = readAll(ORIGINAL_TOPIC).stream()
                .filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).equals(poison))
                .toList();
        assertThat(copies).hasSize(2); // the original, and exactly one redriven copy
        ConsumerRecord<byte[], byte[]> copy = copies.get(1);
        assertThat(header(copy, Headers.REDRIVE_OF)).isEqualTo(Topics.DLT.name() + "/" + id);
        assertThat(header(copy, Headers.CORRELATION_ID)).isEqualTo("corr-" + marker);
        assertThat(header(copy, Headers.DLT_ERROR_CLASS)).isNull();
        assertThat(new String(copy.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + marker);

        Run after = Run.of("dlt", "list", "-b", kafka.bootstrapServers(), "--topic", ORIGINAL_TOPIC);
        assertThat(lineOf(after.out(), id)).contains("redriven");
        Run waiting = Run.of("dlt", "list", "-b", kafka.bootstrapServers(), "--waiting");
        assertThat(waiting.out()).doesNotContain(id + " ");
    }

    @Test
    void unknownLettersAreReportedNotInvented() {
        Run show = Run.of("dlt", "show", "-b", kafka.bootstrapServers(), "0/999999");
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("no dead letter 0/999999 on gw.dlt");

        Run redrive = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), "0/999999");
        assertThat(redrive.exitCode()).isEqualTo(3);
        assertThat(redrive.out()).contains("0/999999 not found");
    }

    /** A record on the original topic, then dead-lettered as a worker does; the letter's id. */
    private static String deadLetter(String key, String value, Exception error, int attempts) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, ("corr-" + key.substring(4)).getBytes(StandardCharsets.UTF_8));
        RecordMetadata original = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        ORIGINAL_TOPIC,
                        null,
                        key.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8),
                        headers))
                .get();
        ConsumerRecord<byte[], byte[]> consumed = new ConsumerRecord<>(
                ORIGINAL_TOPIC,
                original.partition(),
                original.offset(),
                original.timestamp(),
                TimestampType.CREATE_TIME,
                0,
                0,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                headers,
                java.util.Optional.empty());
        RecordMetadata letter =
                new DeadLetters(producer).send(consumed, error, attempts).get();
        return letter.partition() + "/" + letter.offset();
    }

    private static String lineOf(String out, String id) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(id) + " .*$").matcher(out);
        assertThat(m.find()).as("a line for " + id + " in\n" + out).isTrue();
        return m.group();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.readerConfig("dlt-test-reader"))) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
            end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            while (!end.isEmpty()) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            }
        }
        out.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
        return out;
    }
}
