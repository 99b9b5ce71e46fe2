package io.aigateway.pipeline.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.StepSettings;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.EventProbe;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.pipeline.testing.TopicProbe;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The step runtime on a real broker: two steps chained (rag then llm) with scripted handlers whose behaviour the job's
 * text selects, so one pair of runtimes serves every case.
 */
class StepRuntimeIT {

    private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private static KafkaSettings kafka;
    private static GatewayProducer producer;
    private static EventProbe probe;
    private static StepRuntime rag;
    private static StepRuntime llm;
    private static final JobEvents events = new JobEvents();

    @BeforeAll
    static void start() {
        kafka = TestKafka.settings();
        producer = new GatewayProducer(new KafkaProducer<>(kafka.producerConfig()));
        probe = new EventProbe(kafka);
        StepSettings fast = new StepSettings(
                true, 8, 3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO);
        rag = new StepRuntime(new PassageHandler(), fast, kafka, producer, events, new SimpleMeterRegistry());
        llm = new StepRuntime(new ScriptedLlm(), fast, kafka, producer, events, new SimpleMeterRegistry());
        rag.start();
        llm.start();
    }

    @AfterAll
    static void stop() {
        rag.stop();
        llm.stop();
        probe.close();
        producer.close();
    }

    @Test
    void chainRunsBothStepsAndStreamsInOrder() {
        JobEnvelope job = submit(List.of(Step.RAG, Step.LLM), "hello there");

        JobEvent end = probe.awaitTerminal(job.jobId());

        assertThat(end).isInstanceOf(JobCompleted.class);
        JobContext result = ((JobCompleted) end).result();
        assertThat(result.passages()).extracting(Passage::documentId).containsExactly("doc-1");
        assertThat(result.answer().text()).isEqualTo("hello there");
        List<JobEvent> seen = probe.events(job.jobId());
        assertThat(seen).extracting(JobEvent::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(seen)
                .extracting(JobEvent::type)
                .containsExactly(
                        "accepted",
                        "step_started",
                        "step_completed",
                        "step_started",
                        "delta",
                        "delta",
                        "step_completed",
                        "completed");
        assertThat(seen)
                .filteredOn(StepDelta.class::isInstance)
                .extracting(e -> ((StepDelta) e).text())
                .containsExactly("hello ", "there");
    }

    @Test
    void retryableFailureIsRetriedThenSucceeds() {
        JobEnvelope job = submit(List.of(Step.LLM), "fail-once");

        assertThat(probe.awaitTerminal(job.jobId())).isInstanceOf(JobCompleted.class);
        assertThat(calls.get(job.jobId())).hasValue(2);
    }

    @Test
    void permanentFailureEndsTheJobWithItsCode() {
        JobEnvelope job = submit(List.of(Step.RAG, Step.LLM), "reject");

        JobEvent end = probe.awaitTerminal(job.jobId());

        assertThat(end).isInstanceOf(JobFailed.class);
        JobFailed failed = (JobFailed) end;
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
        assertThat(failed.error().retryable()).isFalse();
        assertThat(failed.step()).isEqualTo(Step.LLM);
        assertThat(calls.get(job.jobId())).hasValue(1);
    }

    @Test
    void streamBrokenAfterFirstTokenEndsWithAnErrorNotARetry() {
        JobEnvelope job = submit(List.of(Step.LLM), "break mid stream");

        JobFailed failed = (JobFailed) probe.awaitTerminal(job.jobId());

        assertThat(failed.error().code()).isEqualTo(ErrorCodes.STREAM_INTERRUPTED);
        assertThat(calls.get(job.jobId())).hasValue(1);
        assertThat(probe.events(job.jobId())).noneMatch(e -> e instanceof StepCompleted);
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndLaterJobsStillComplete() {
        String key = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(
                        Topics.step(Step.LLM).name(),
                        key.getBytes(StandardCharsets.UTF_8),
                        "{not json".getBytes(StandardCharsets.UTF_8)))
                .join();
        JobEnvelope later = submit(List.of(Step.LLM), "after the poison");

        var dead = TopicProbe.awaitRecord(
                kafka,
                Topics.DLT.name(),
                r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)),
                Duration.ofSeconds(30));

        assertThat(header(dead, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo("gw.step.llm");
        assertThat(header(dead, Headers.DLT_ERROR_CLASS)).contains("SerializationException");
        assertThat(header(dead, Headers.DLT_ATTEMPTS)).isEqualTo("1");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(probe.awaitTerminal(later.jobId())).isInstanceOf(JobCompleted.class);
    }

    @Test
    void aHandlerBugIsRetriedThenDeadLetteredAndTheJobFails() {
        JobEnvelope job = submit(List.of(Step.LLM), "crash");

        JobFailed failed = (JobFailed) probe.awaitTerminal(job.jobId());

        assertThat(failed.error().code()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
        assertThat(calls.get(job.jobId())).hasValue(3);
        var dead = TopicProbe.awaitRecord(
                kafka, Topics.DLT.name(), r -> job.jobId().equals(header(r, Headers.JOB_ID)), Duration.ofSeconds(30));
        assertThat(header(dead, Headers.DLT_ATTEMPTS)).isEqualTo("3");
        assertThat(header(dead, Headers.DLT_ERROR_MESSAGE)).contains("scripted bug");
    }

    @Test
    void theSameEnvelopeDeliveredTwiceGivesOneOutcome() {
        JobEnvelope job = envelope(List.of(Step.LLM), "twice please");
        Correlation correlation = Correlation.of(job, TraceParent.newTrace());
        producer.sendEnvelope(job, correlation).join();
        producer.sendEnvelope(job, correlation).join();
        JobEnvelope marker = submit(List.of(Step.LLM), "marker");

        probe.awaitTerminal(job.jobId());
        probe.awaitTerminal(marker.jobId());
        await().atMost(Duration.ofSeconds(10)).until(() -> llm.inFlight() == 0);

        assertThat(probe.events(job.jobId())).filteredOn(JobEvent::isTerminal).hasSize(1);
        assertThat(calls.get(job.jobId())).hasValue(1);
    }

    @Test
    void stoppingAndRestartingAWorkerMidLoadLosesNoJob() {
        List<JobEnvelope> jobs = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> jobs.add(submit(List.of(Step.RAG, Step.LLM), "load " + i)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs.stream()
                        .anyMatch(j -> probe.events(j.jobId()).stream().anyMatch(JobEvent::isTerminal)));

        llm.stop();
        llm = new StepRuntime(
                new ScriptedLlm(), StepSettings.defaults(), kafka, producer, events, new SimpleMeterRegistry());
        llm.start();

        for (JobEnvelope job : jobs) {
            assertThat(probe.awaitTerminal(job.jobId(), Duration.ofSeconds(60))).isInstanceOf(JobCompleted.class);
        }
    }

    @Test
    void aBurstOfTokensIsSentAsFewDeltaEventsWithNothingLost() {
        StepSettings coalescing = new StepSettings(
                true,
                4,
                1,
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofMillis(200));
        StepRuntime tts =
                new StepRuntime(new BurstHandler(), coalescing, kafka, producer, events, new SimpleMeterRegistry());
        tts.start();
        try {
            JobEnvelope job = submit(List.of(Step.TTS), "burst");

            assertThat(probe.awaitTerminal(job.jobId())).isInstanceOf(JobCompleted.class);

            List<StepDelta> deltas = probe.events(job.jobId()).stream()
                    .filter(StepDelta.class::isInstance)
                    .map(StepDelta.class::cast)
                    .toList();
            assertThat(deltas.size()).isBetween(1, 10);
            assertThat(deltas.stream().map(StepDelta::text).reduce("", String::concat))
                    .isEqualTo(BurstHandler.TEXT);
            assertThat(probe.events(job.jobId()))
                    .extracting(JobEvent::seq)
                    .containsExactlyElementsOf(IntStream.range(0, deltas.size() + 4)
                            .mapToObj(i -> (long) i)
                            .toList());
        } finally {
            tts.stop();
        }
    }

    @Test
    void aRecordWaitingForItsRetryWhenTheWorkerStopsRunsAgainAfterARestart() {
        StepSettings patient = new StepSettings(
                true, 4, 3, Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ZERO);
        StepRuntime stt =
                new StepRuntime(new SlowRetryHandler(), patient, kafka, producer, events, new SimpleMeterRegistry());
        stt.start();
        try {
            JobEnvelope job = submit(List.of(Step.STT), "retry later");
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.containsKey(job.jobId()));

            stt.stop(); // its retry, 30 s away, is dropped: the record stays uncommitted
            stt.start();

            assertThat(probe.awaitTerminal(job.jobId(), Duration.ofSeconds(60))).isInstanceOf(JobCompleted.class);
            assertThat(calls.get(job.jobId())).hasValue(2);
        } finally {
            stt.stop();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static JobEnvelope submit(List<Step> route, String text) {
        JobEnvelope job = envelope(route, text);
        producer.sendEvent(events.accepted(job), null).join();
        producer.sendEnvelope(job, Correlation.of(job, TraceParent.newTrace())).join();
        return job;
    }

    private static JobEnvelope envelope(List<Step> route, String text) {
        String id = "job-" + UUID.randomUUID();
        Instant now = Instant.now();
        return JobEnvelope.create(
                id, id, "t1", null, now, now.plusSeconds(120), route, JobInput.ofText(text), JobOptions.defaults());
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Fails its first call with a provider asking to come back in 30 s; succeeds after that. */
    static final class SlowRetryHandler implements StepHandler {
        @Override
        public Step step() {
            return Step.STT;
        }

        @Override
        public String providerFor(JobEnvelope envelope) {
            return "slow";
        }

        @Override
        public StepResult handle(JobEnvelope envelope, StepSink sink) {
            if (calls.computeIfAbsent(envelope.jobId(), k -> new AtomicInteger())
                            .incrementAndGet()
                    == 1) {
                throw new StepException(
                        ErrorCodes.PROVIDER_RATE_LIMITED, "come back later", true, Duration.ofSeconds(30), null);
            }
            return new StepResult("slow", JobContext.empty());
        }
    }

    /** Emits a hundred tokens as fast as it can. */
    static final class BurstHandler implements StepHandler {
        static final String TEXT =
                IntStream.range(0, 100).mapToObj(i -> "t" + i + " ").reduce("", String::concat);

        @Override
        public Step step() {
            return Step.TTS;
        }

        @Override
        public String providerFor(JobEnvelope envelope) {
            return "burst";
        }

        @Override
        public StepResult handle(JobEnvelope envelope, StepSink sink) {
            IntStream.range(0, 100).forEach(i -> sink.delta("t" + i + " "));
            return new StepResult("burst", JobContext.empty());
        }
    }

    /** Retrieval stand-in: always one passage. */
    static final class PassageHandler implements StepHandler {
        @Override
        public Step step() {
            return Step.RAG;
        }

        @Override
        public String providerFor(JobEnvelope envelope) {
            return "scripted";
        }

        @Override
        public StepResult handle(JobEnvelope envelope, StepSink sink) {
            return new StepResult(
                    "scripted",
                    JobContext.empty().withPassages(List.of(new Passage("doc-1", "Doc", 0, "text", 1.0, "test"))));
        }
    }

    /** LLM stand-in whose behaviour the job's text picks; it counts its calls per job. */
    static final class ScriptedLlm implements StepHandler {
        @Override
        public Step step() {
            return Step.LLM;
        }

        @Override
        public String providerFor(JobEnvelope envelope) {
            return "scripted";
        }

        @Override
        public StepResult handle(JobEnvelope envelope, StepSink sink) {
            int call = calls.computeIfAbsent(envelope.jobId(), k -> new AtomicInteger())
                    .incrementAndGet();
            String text = envelope.input().text();
            switch (text) {
                case "fail-once" -> {
                    if (call == 1) {
                        throw new StepException(
                                ErrorCodes.PROVIDER_UNAVAILABLE, "scripted outage", true, Duration.ofMillis(10), null);
                    }
                }
                case "reject" -> throw StepException.permanent(ErrorCodes.PROVIDER_REJECTED, "scripted refusal");
                case "crash" -> throw new IllegalStateException("scripted bug");
                case "break mid stream" -> {
                    sink.delta("partial ");
                    throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "connection reset");
                }
                default -> {}
            }
            String[] words = text.split(" ");
            for (int i = 0; i < words.length; i++) {
                sink.delta(i < words.length - 1 ? words[i] + " " : words[i]);
            }
            return new StepResult(
                    "scripted", JobContext.empty().withAnswer(new Answer(text, "m", 1, words.length, "stop")));
        }
    }
}
