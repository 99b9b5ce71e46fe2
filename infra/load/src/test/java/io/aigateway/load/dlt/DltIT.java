package io.aigateway.load.dlt;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.load.cli.Run;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.StepSettings;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.DeadLetters;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepRuntime;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Lane;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void aDeadLetteredJobIsRedrivenAsANewJobWithItsOwnHistoryOnce() throws Exception {
        StepRuntime worker = llmWorker();
        try {
            JobEnvelope original =
                    job(List.of(Step.LLM), "bat_" + UUID.randomUUID().toString().substring(0, 8));
            String id = deadLetterOf(Topics.step(Step.LLM, Lane.BATCH).name(), original);

            Run redrive = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), "--wait", "60s", id);
            assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
            Matcher m = Pattern.compile(Pattern.quote(id)
                            + " redriven as job (job_\\S+) \\(correlation (redrive-\\S+)\\):" + " completed")
                    .matcher(redrive.out());
            assertThat(m.find()).as(redrive.out()).isTrue();
            String newJob = m.group(1);
            assertThat(newJob).isNotEqualTo(original.jobId());

            Run again = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), id);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out())
                    .contains(id + " already redriven (as job " + newJob + ")")
                    .contains("0 redriven");

            // one new job, out of the batch, from its first step, naming the original
            List<JobEnvelope> copies = envelopesOn(Topics.step(Step.LLM).name(), Headers.REDRIVE_OF, original.jobId());
            assertThat(copies).hasSize(1);
            JobEnvelope copy = copies.get(0);
            assertThat(copy.jobId()).isEqualTo(newJob);
            assertThat(copy.correlationId()).isEqualTo(m.group(2));
            assertThat(copy.batchId()).isNull();
            assertThat(copy.hop()).isZero();
            assertThat(copy.input()).isEqualTo(original.input());
            // with its own accepted event, so the result store folds it as a job of its own
            assertThat(readAll(Topics.EVENTS.name()).stream()
                            .filter(r -> newJob.equals(new String(r.key(), StandardCharsets.UTF_8)))
                            .map(r -> Topics.EVENT.deserialize(Topics.EVENTS.name(), r.value()))
                            .filter(e -> e instanceof JobAccepted)
                            .count())
                    .isEqualTo(1);
            assertThat(lineOf(
                            Run.of("dlt", "list", "-b", kafka.bootstrapServers())
                                    .out(),
                            id))
                    .contains("redriven");
        } finally {
            worker.stop();
        }
    }

    @Test
    void aJobThatFailedAtALaterStepRunsItsWholeRouteAgainAndIsNotWaitedForUnlessAsked() throws Exception {
        JobEnvelope first = job(List.of(Step.RAG, Step.TTS), null);
        JobEnvelope atTts = first.advance(
                JobContext.empty().withPassages(List.of(new Passage("kb-1", "T", 0, "text", 0.5, "mock"))), 4);
        String id = deadLetterOf(Topics.step(Step.TTS).name(), atTts);

        Run redrive = Run.of("dlt", "redrive", "-b", kafka.bootstrapServers(), id);
        assertThat(redrive.exitCode()).as(redrive.err()).isEqualTo(4);
        assertThat(redrive.out()).contains(id + " redriven as job job_").contains("1 redriven");

        List<JobEnvelope> copies = envelopesOn(Topics.step(Step.RAG).name(), Headers.REDRIVE_OF, first.jobId());
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).hop()).isZero();
        assertThat(copies.get(0).nextSeq()).isEqualTo(1);
        assertThat(copies.get(0).context()).isEqualTo(JobContext.empty());
    }

    @Test
    void operatorsRedrivingTheSameLetterAtOnceRedriveItOnce() throws Exception {
        JobEnvelope original = job(List.of(Step.TTS), null);
        String id = deadLetterOf(Topics.step(Step.TTS).name(), original);
        int operators = 4;
        CyclicBarrier together = new CyclicBarrier(operators);
        ExecutorService pool = Executors.newFixedThreadPool(operators);
        try {
            List<Future<DeadLetterLog.Redrive>> outcomes = new ArrayList<>();
            for (int i = 0; i < operators; i++) {
                outcomes.add(pool.submit(() -> {
                    together.await();
                    return new DeadLetterLog(kafka)
                            .redrive(List.of(id), producer, false, null)
                            .get(id);
                }));
            }
            List<DeadLetterLog.Redrive> done = new ArrayList<>();
            for (Future<DeadLetterLog.Redrive> f : outcomes) {
                done.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(done)
                    .extracting(DeadLetterLog.Redrive::outcome)
                    .containsOnlyOnce(DeadLetterLog.Outcome.REDRIVEN)
                    .containsOnly(DeadLetterLog.Outcome.REDRIVEN, DeadLetterLog.Outcome.ALREADY_REDRIVEN);
            String winner = done.stream()
                    .filter(d -> d.outcome() == DeadLetterLog.Outcome.REDRIVEN)
                    .findFirst()
                    .orElseThrow()
                    .jobId();
            assertThat(done).extracting(DeadLetterLog.Redrive::jobId).containsOnly(winner);
            assertThat(envelopesOn(Topics.step(Step.TTS).name(), Headers.REDRIVE_OF, original.jobId()))
                    .extracting(JobEnvelope::jobId)
                    .containsExactly(winner);
        } finally {
            pool.shutdownNow();
        }
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

    /** A job's envelope dead-lettered from a topic as a worker does (not published there first); the letter's id. */
    private static String deadLetterOf(String topic, JobEnvelope envelope) throws Exception {
        byte[] key = envelope.correlationId().getBytes(StandardCharsets.UTF_8);
        byte[] value = Topics.ENVELOPE.serializer().serialize(topic, envelope);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, key);
        ConsumerRecord<byte[], byte[]> consumed = new ConsumerRecord<>(
                topic,
                0,
                0,
                System.currentTimeMillis(),
                TimestampType.CREATE_TIME,
                0,
                0,
                key,
                value,
                headers,
                java.util.Optional.empty());
        RecordMetadata letter = new DeadLetters(producer)
                .send(consumed, new IllegalStateException("provider down"), 3)
                .get();
        return letter.partition() + "/" + letter.offset();
    }

    private static JobEnvelope job(List<Step> route, String batchId) {
        String id = "job_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        return JobEnvelope.create(
                id,
                id,
                "tenant-dlt",
                batchId,
                now,
                now.plusSeconds(600),
                route,
                JobInput.ofText("what failed " + id),
                JobOptions.defaults());
    }

    /** The envelopes on a topic whose record carries this header value. */
    private static List<JobEnvelope> envelopesOn(String topic, String header, String value) {
        return readAll(topic).stream()
                .filter(r -> value.equals(header(r, header)))
                .map(r -> Topics.ENVELOPE.deserialize(topic, r.value()))
                .toList();
    }

    /** An llm worker (pipeline-core's runtime) that answers at once, from the end of what its group has seen. */
    private static StepRuntime llmWorker() {
        StepSettings settings = new StepSettings(
                true, 8, 3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO);
        StepRuntime worker = new StepRuntime(
                new StepHandler() {
                    @Override
                    public Step step() {
                        return Step.LLM;
                    }

                    @Override
                    public String providerFor(JobEnvelope envelope) {
                        return "test";
                    }

                    @Override
                    public StepResult handle(JobEnvelope envelope, StepSink sink) {
                        return new StepResult(
                                "test", JobContext.empty().withAnswer(new Answer("ok", "m", 1, 1, "stop")));
                    }
                },
                settings,
                kafka,
                producer,
                new JobEvents(),
                new SimpleMeterRegistry());
        worker.start();
        return worker;
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
