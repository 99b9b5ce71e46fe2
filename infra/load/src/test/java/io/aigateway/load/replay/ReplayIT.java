package io.aigateway.load.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.load.cli.Run;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.StepSettings;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepRuntime;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code gatewayctl replay} on a real broker with a real worker: pipeline-core's step runtime serving the llm step
 * with a small handler that answers at once and remembers what it served. The recorded jobs are taken as already
 * served (the worker's group starts after them), as they would be in production.
 */
class ReplayIT {

    private static KafkaSettings kafka;
    private static GatewayProducer producer;
    private static final Map<String, String> servedModels = new ConcurrentHashMap<>();

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
    void tenThousandRecordedJobsReplayedAtAFixedRateAreEachAccountedFor() throws Exception {
        String tenant = "replay-" + UUID.randomUUID();
        Instant from = Instant.now().minusMillis(1);
        List<JobEnvelope> recorded = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            JobEnvelope job = job(tenant, List.of(Step.LLM), "gpt-4.1", "question " + i);
            recorded.add(job);
            send(job, 0, null);
        }
        // in the window too, but not jobs entering the pipeline: a job handed on, and a replay of an earlier job
        send(job(tenant, List.of(Step.RAG, Step.LLM), null, "handed on"), 1, null);
        send(job(tenant, List.of(Step.LLM), null, "a replay"), 0, "job_earlier");
        producer.flush();
        Instant to = Instant.now().plusMillis(1);

        System.out.printf(
                "recorded 10,002 records in %d ms%n", Duration.between(from, to).toMillis());
        StepRuntime worker = workerAfterTheRecordedJobs();
        Run run;
        try {
            run = Run.of(
                    "replay",
                    "--bootstrap",
                    kafka.bootstrapServers(),
                    "--topic",
                    "llm",
                    "--from-time",
                    from.toString(),
                    "--to-time",
                    to.toString(),
                    "--rate",
                    "1000",
                    "--mock-model",
                    "mock-grounded",
                    "--mock-providers",
                    "--wait",
                    "3m");
        } finally {
            worker.stop();
        }

        System.out.println(run.out()); // the tool's report, kept in target/surefire-reports
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("10,000 jobs to replay (passed over: 1 later hops, 1 replays or redrives, 0 unreadable)")
                .contains("replayed 10,000 jobs at 1000 jobs/s")
                .contains("accounted for 10,000 of 10,000 replayed jobs {completed=10000}; unaccounted 0");

        // checked apart from the tool: the copies on the topic, the worker's view, the jobs' ends on gw.events
        Map<String, String> copyOf = new HashMap<>();
        Map<String, JobEnvelope> copies = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readFrom(Topics.step(Step.LLM).name(), to, r -> true)) {
            var replayOf = r.headers().lastHeader(Headers.REPLAY_OF);
            JobEnvelope e = Topics.ENVELOPE.deserialize(r.topic(), r.value());
            if (replayOf != null && tenant.equals(e.tenantId())) {
                copyOf.put(e.jobId(), new String(replayOf.value(), StandardCharsets.UTF_8));
                copies.put(e.jobId(), e);
            }
        }
        Set<String> originals = new HashSet<>();
        recorded.forEach(j -> originals.add(j.jobId()));
        assertThat(copyOf).hasSize(10_000);
        assertThat(new HashSet<>(copyOf.values())).isEqualTo(originals);
        assertThat(copyOf.keySet()).doesNotContainAnyElementsOf(originals);
        assertThat(copies.values()).allSatisfy(e -> {
            assertThat(e.correlationId()).startsWith("replay-");
            assertThat(e.options().model()).isEqualTo("mock-grounded");
            assertThat(e.options().onMockProviders()).isTrue();
            assertThat(e.hop()).isZero();
        });
        assertThat(servedModels.keySet()).containsAll(copyOf.keySet());
        Set<String> ended = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : readFrom(Topics.EVENTS.name(), to, r -> true)) {
            JobEvent event = Topics.EVENT.deserialize(r.topic(), r.value());
            if (event.isTerminal() && copyOf.containsKey(event.jobId())) {
                assertThat(event.type()).isEqualTo("completed");
                ended.add(event.jobId());
            }
        }
        assertThat(ended).isEqualTo(copyOf.keySet());
    }

    @Test
    void aWindowByOffsetsReadsOnlyItsJobs() {
        String tenant = "window-" + UUID.randomUUID();
        String topic = Topics.step(Step.STT).name();
        Map<TopicPartition, Long> before = endOffsets(topic);
        // three partitions; one key, so all five land on one partition, one after the other
        List<JobEnvelope> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JobEnvelope job = new JobEnvelope(
                    1,
                    "job_w" + i + UUID.randomUUID(),
                    "same-key-" + tenant,
                    tenant,
                    null,
                    Instant.now(),
                    null,
                    List.of(Step.STT),
                    0,
                    1,
                    JobInput.ofText("say " + i),
                    JobOptions.defaults(),
                    null);
            jobs.add(job);
            send(job, 0, null);
        }
        producer.flush();
        TopicPartition used = endOffsets(topic).entrySet().stream()
                .filter(e -> e.getValue() > before.get(e.getKey()))
                .findFirst()
                .orElseThrow()
                .getKey();
        long first = before.get(used);
        // offsets 1 to 3 of the five: every partition is cut at the same offsets, so the others must hold nothing there
        Run run = Run.of(
                "replay",
                "-b",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--from-offset",
                Long.toString(first + 1),
                "--to-offset",
                Long.toString(first + 4),
                "--rate",
                "100",
                "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long otherJobsInRange = endOffsets(topic).entrySet().stream()
                .filter(e -> !e.getKey().equals(used))
                .mapToLong(e -> Math.max(0, Math.min(e.getValue(), first + 4) - Math.max(first + 1, 0)))
                .sum();
        assertThat(run.out()).contains("read " + topic + ": " + (3 + otherJobsInRange) + " jobs to replay");

        // published but not waited for: neither success nor failure
        Run unwaited = Run.of(
                "replay",
                "-b",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--from-offset",
                Long.toString(first + 1),
                "--to-offset",
                Long.toString(first + 4),
                "--rate",
                "100",
                "--wait",
                "0");
        assertThat(unwaited.exitCode()).as(unwaited.out() + unwaited.err()).isEqualTo(4);
        assertThat(unwaited.out()).contains("not waiting for them (--wait 0)");
    }

    private static StepRuntime workerAfterTheRecordedJobs() throws Exception {
        String topic = Topics.step(Step.LLM).name();
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        endOffsets(topic).forEach((tp, offset) -> end.put(tp, new OffsetAndMetadata(offset)));
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.alterConsumerGroupOffsets(StepRuntime.groupIdFor(Step.LLM), end)
                    .all()
                    .get();
        }
        StepSettings settings = new StepSettings(
                true, 16, 3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO);
        StepRuntime worker = new StepRuntime(
                new AnsweringLlm(), settings, kafka, producer, new JobEvents(), new SimpleMeterRegistry());
        worker.start();
        return worker;
    }

    /** Answers at once with the model it was asked for, and remembers each job it served. */
    private static final class AnsweringLlm implements StepHandler {
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
            String model = String.valueOf(envelope.options().model());
            servedModels.put(envelope.jobId(), model);
            return new StepResult("test", JobContext.empty().withAnswer(new Answer("ok", model, 1, 1, "stop")));
        }
    }

    private static JobEnvelope job(String tenant, List<Step> route, String model, String text) {
        String id = "job_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        return JobEnvelope.create(
                id,
                id,
                tenant,
                null,
                now,
                now.plusSeconds(600),
                route,
                JobInput.ofText(text),
                new JobOptions(null, null, model, null, null, null, null));
    }

    private static void send(JobEnvelope job, int hop, String replayOf) {
        JobEnvelope atHop = hop == 0 ? job : job.advance(JobContext.empty(), 5);
        RecordHeaders headers = new RecordHeaders();
        if (replayOf != null) {
            headers.add(Headers.REPLAY_OF, replayOf.getBytes(StandardCharsets.UTF_8));
        }
        String topic = Topics.step(atHop.currentStep()).name();
        producer.send(new ProducerRecord<>(
                topic,
                null,
                job.correlationId().getBytes(StandardCharsets.UTF_8),
                Topics.ENVELOPE.serialize(topic, atHop),
                headers));
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.readerConfig("test-offsets"))) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return c.endOffsets(partitions);
        }
    }

    /** Every record of the topic stored at or after {@code from}, up to the end as it is now. */
    private static List<ConsumerRecord<byte[], byte[]>> readFrom(
            String topic, Instant from, Predicate<ConsumerRecord<byte[], byte[]>> keep) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.readerConfig("test-reader"))) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            c.assign(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
            c.offsetsForTimes(query).forEach((tp, found) -> c.seek(tp, found == null ? end.get(tp) : found.offset()));
            end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            while (!end.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (keep.test(r)) {
                        out.add(r);
                    }
                }
                end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            }
        }
        return out;
    }
}
