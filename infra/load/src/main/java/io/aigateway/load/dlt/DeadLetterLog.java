package io.aigateway.load.dlt;

import io.aigateway.load.cli.Ids;
import io.aigateway.load.replay.JobRepublisher;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Lane;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead letters on {@code gw.dlt} and their redrives. {@code gw.dlt} is the log of both.
 *
 * <p>A dead-lettered job (an envelope from a step topic, either lane) is redriven as a <em>new</em> job through {@link
 * JobRepublisher}: fresh job and correlation ids ({@code redrive-...}), its whole route again from the first step with
 * the original input and options, its own {@code accepted} event, {@code x-redrive-of} naming the original job, out of
 * its batch (a batch's own retry, {@code POST /v1/batches/{id}/retry}, is what puts an item back into its batch). The
 * original job keeps its {@code failed} state; the new one has its own history. Any other record (a {@code gw.ingest}
 * request, a record that is no envelope) is published again to its original topic as it was (headers kept, minus the
 * dead-letter ones, plus {@code x-redrive-of: gw.dlt/<id>}).
 *
 * <p>A redrive first claims the letter: it appends a marker to the letter's own partition of {@code gw.dlt} ({@code
 * x-dlt-redriven} with the letter's id, {@code x-dlt-redriven-as} with what it will publish), reads the partition back,
 * and publishes only if its marker is the letter's first. Two operators redriving the same letter at once therefore
 * publish it once; a second redrive later finds the marker and does nothing. A redrive that stops between its claim
 * and its publish leaves the letter marked with a job that never started ({@code GET /v1/jobs/<id>} answers 404);
 * {@code --again} redrives such a letter anew.
 */
public final class DeadLetterLog {

    /** What a redrive did with one letter. */
    public enum Outcome {
        REDRIVEN,
        ALREADY_REDRIVEN,
        NOT_FOUND,
        NO_ORIGINAL_TOPIC
    }

    /**
     * One letter's redrive.
     *
     * @param jobId for a job: the new job's id (the earlier redrive's, when already redriven); else null
     * @param correlationId the new job's correlation id, when this redrive published one; else null
     */
    public record Redrive(Outcome outcome, String jobId, String correlationId) {

        static Redrive of(Outcome outcome) {
            return new Redrive(outcome, null, null);
        }
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;

    public DeadLetterLog(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** Every dead letter now on {@code gw.dlt}, oldest first per partition, each marked when redriven. */
    public List<DeadLetter> read() {
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        Map<String, String> claims = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.readerConfig("dlt-reader"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLT.name(), READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            readToEnd(consumer, partitions, Map.of(), r -> {
                String claimed = text(r, Headers.DLT_REDRIVEN);
                if (claimed != null) {
                    // the first marker of a letter is the redrive that won it
                    claims.putIfAbsent(
                            claimed,
                            Optional.ofNullable(text(r, Headers.DLT_REDRIVEN_AS))
                                    .orElse(""));
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
                                    null));
                }
            });
        }
        List<DeadLetter> result = new ArrayList<>();
        letters.values()
                .forEach(l -> result.add(claims.containsKey(l.id()) ? l.markedRedriven(claims.get(l.id())) : l));
        return result;
    }

    public Optional<DeadLetter> find(String id) {
        return read().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /**
     * Redrives the given letters (all waiting ones when {@code ids} is empty), each at most once unless {@code again};
     * returns what happened to each, by id.
     *
     * @param watching told each new job's correlation id before the job is sent (to follow it to its end), or null
     */
    public Map<String, Redrive> redrive(
            List<String> ids, GatewayProducer producer, boolean again, Consumer<String> watching) {
        Map<String, DeadLetter> byId = new LinkedHashMap<>();
        read().forEach(l -> byId.put(l.id(), l));
        List<String> wanted = ids.isEmpty()
                ? byId.values().stream()
                        .filter(l -> !l.redriven())
                        .map(DeadLetter::id)
                        .toList()
                : ids.stream().distinct().toList();
        JobRepublisher republisher = new JobRepublisher(producer, Clock.systemUTC());
        Map<String, Redrive> outcomes = new LinkedHashMap<>();
        for (String id : wanted) {
            DeadLetter letter = byId.get(id);
            if (letter == null) {
                outcomes.put(id, Redrive.of(Outcome.NOT_FOUND));
            } else if (letter.redriven() && !again) {
                outcomes.put(id, already(letter.redrivenAs()));
            } else if (letter.originalTopic() == null || letter.originalTopic().isBlank()) {
                outcomes.put(id, Redrive.of(Outcome.NO_ORIGINAL_TOPIC));
            } else {
                outcomes.put(id, redrive(letter, producer, republisher, again, watching));
            }
        }
        return outcomes;
    }

    private Redrive redrive(
            DeadLetter letter,
            GatewayProducer producer,
            JobRepublisher republisher,
            boolean again,
            Consumer<String> watching) {
        Optional<JobEnvelope> job = jobOf(letter);
        JobEnvelope copy = job.map(j -> republisher.copyOf(j, JobRepublisher.Kind.REDRIVE, UnaryOperator.identity()))
                .orElse(null);
        String as = copy != null ? copy.jobId() : Ids.random("redrive-");
        producer.send(marker(letter, as)).join();
        if (!again) {
            String winner = firstClaim(letter);
            if (!as.equals(winner)) {
                return already(winner); // another redrive claimed it first
            }
        }
        if (copy == null) {
            producer.send(original(letter)).join();
            return Redrive.of(Outcome.REDRIVEN);
        }
        if (watching != null) {
            watching.accept(copy.correlationId());
        }
        republisher
                .publish(copy, JobRepublisher.Kind.REDRIVE, job.get().jobId())
                .join();
        return new Redrive(Outcome.REDRIVEN, copy.jobId(), copy.correlationId());
    }

    private static Redrive already(String as) {
        return new Redrive(Outcome.ALREADY_REDRIVEN, as != null && as.startsWith("job_") ? as : null, null);
    }

    /** The job a letter holds: an envelope dead-lettered from a step topic of either lane. */
    private static Optional<JobEnvelope> jobOf(DeadLetter letter) {
        boolean stepTopic = false;
        for (Step step : Step.values()) {
            for (Lane lane : Lane.values()) {
                stepTopic |= Topics.step(step, lane).name().equals(letter.originalTopic());
            }
        }
        if (!stepTopic || letter.value() == null) {
            return Optional.empty();
        }
        try {
            JobEnvelope envelope = Topics.ENVELOPE.deserialize(letter.originalTopic(), letter.value());
            return envelope == null
                            || envelope.jobId() == null
                            || envelope.route().isEmpty()
                    ? Optional.empty()
                    : Optional.of(envelope);
        } catch (RuntimeException e) {
            return Optional.empty(); // a poison record: published again as it was
        }
    }

    /** What the first marker of the letter in its partition (after the letter itself) says the redrive publishes. */
    private String firstClaim(DeadLetter letter) {
        TopicPartition tp = new TopicPartition(Topics.DLT.name(), letter.partition());
        String[] first = {null};
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.readerConfig("dlt-claim"))) {
            readToEnd(consumer, List.of(tp), Map.of(tp, letter.offset() + 1), r -> {
                if (first[0] == null && letter.id().equals(text(r, Headers.DLT_REDRIVEN))) {
                    first[0] = Optional.ofNullable(text(r, Headers.DLT_REDRIVEN_AS))
                            .orElse("");
                }
            });
        }
        return first[0];
    }

    /** Reads the partitions from {@code from} (else their beginning) to the end they had when it started. */
    private static void readToEnd(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> from,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        from.forEach(consumer::seek);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, READ_TIMEOUT));
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        long until = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!end.isEmpty()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("gw.dlt could not be read to its end within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                each.accept(r);
            }
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }

    private static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        Header h = r.headers().lastHeader(header);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
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

    private static ProducerRecord<byte[], byte[]> marker(DeadLetter letter, String as) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.DLT_REDRIVEN, letter.id().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLT_REDRIVEN_AS, as.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.DLT.name(), letter.partition(), (byte[]) null, (byte[]) null, headers);
    }
}
