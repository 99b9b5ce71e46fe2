package io.aigateway.pipeline.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.StepSettings;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.EventProbe;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two lanes of a step on a real broker: batch items (envelopes with a batch id, on {@code gw.step.stt.batch}) run
 * only while the interactive lane is idle and never take every slot, so an interactive job is never stuck behind a
 * batch; and a runtime stopped in the middle of a batch loses and repeats nothing.
 */
class StepRuntimeLaneIT {

    private static final JobEvents events = new JobEvents();

    private KafkaSettings kafka;
    private GatewayProducer producer;
    private EventProbe probe;
    private final List<StepRuntime> runtimes = new ArrayList<>();
    private final GatedHandler handler = new GatedHandler();

    @BeforeEach
    void start() {
        kafka = TestKafka.settings();
        producer = new GatewayProducer(new KafkaProducer<>(kafka.producerConfig()));
        probe = new EventProbe(kafka);
    }

    @AfterEach
    void stop() {
        handler.openAll();
        runtimes.forEach(StepRuntime::stop);
        probe.close();
        producer.close();
    }

    private StepRuntime runtime() {
        // two slots: the batch lane gets one (concurrency - 1), the other stays free for interactive jobs
        return runtime(new StepSettings(
                true, 2, 3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO));
    }

    private StepRuntime runtime(StepSettings settings) {
        StepRuntime runtime = new StepRuntime(handler, settings, kafka, producer, events, new SimpleMeterRegistry());
        runtimes.add(runtime);
        runtime.start();
        return runtime;
    }

    @Test
    void batchItemsTakeOneSlotAndWaitWhileAnInteractiveJobRuns() {
        StepRuntime runtime = runtime();
        CountDownLatch batchGate = handler.holdBatch();
        String batch = "bat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        List<JobEnvelope> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(submit(batch, "item " + i));
        }

        // one batch item runs (held); the others wait in Kafka or the lane's queue, not in the pool
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.batchStarted.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runtime.batchInFlight() == 1);

        // an interactive job finds the free slot at once and completes while the batch item is still held
        CountDownLatch interactiveGate = handler.holdInteractive();
        JobEnvelope interactive = submit(null, "hold");
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.interactiveRunning.get() == 1);

        // the held batch item finishes; no other starts while the interactive job still runs
        batchGate.countDown();
        assertThat(probe.awaitTerminal(items.get(handler.firstBatchIndex()).jobId()))
                .isInstanceOf(JobCompleted.class);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> handler.batchStarted.get() == 1);

        interactiveGate.countDown();
        assertThat(probe.awaitTerminal(interactive.jobId())).isInstanceOf(JobCompleted.class);
        for (JobEnvelope item : items) {
            assertThat(probe.awaitTerminal(item.jobId())).isInstanceOf(JobCompleted.class);
        }
        assertThat(handler.maxBatchAtOnce.get()).isEqualTo(1);
        items.forEach(item -> assertThat(handler.calls.get(item.jobId())).hasValue(1));
    }

    @Test
    void underConstantInteractiveWorkTheBatchStillMovesAnItemPerMaxWait() {
        StepRuntime runtime = runtime(new StepSettings(
                        true, 2, 3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO)
                .withBatchMaxWait(Duration.ofMillis(300)));
        // an interactive job that runs until the end of the test: without aging no batch item would ever start
        CountDownLatch interactiveGate = handler.holdInteractive();
        submit(null, "hold");
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.interactiveRunning.get() == 1);
        String batch = "bat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        List<JobEnvelope> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(submit(batch, "item " + i));
        }

        for (JobEnvelope item : items) {
            assertThat(probe.awaitTerminal(item.jobId(), Duration.ofSeconds(30)))
                    .isInstanceOf(JobCompleted.class);
        }
        assertThat(handler.interactiveRunning.get()).isEqualTo(1);
        assertThat(handler.maxBatchAtOnce.get()).isEqualTo(1);
        assertThat(runtime.batchInFlight()).isZero();
        interactiveGate.countDown();
    }

    @Test
    void aRuntimeStoppedMidBatchLosesNoItemAndTheNextOneFinishesTheBatch() {
        StepRuntime first = runtime();
        String batch = "bat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        List<JobEnvelope> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(submit(batch, "item " + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.batchStarted.get() >= 5);
        first.stop();
        runtime();

        for (JobEnvelope item : items) {
            assertThat(probe.awaitTerminal(item.jobId(), Duration.ofSeconds(60)))
                    .isInstanceOf(JobCompleted.class);
            // one outcome per job: its events carry each sequence number once, whoever ran it
            assertThat(probe.events(item.jobId()).stream()
                            .filter(e -> e.isTerminal())
                            .map(e -> e.seq())
                            .distinct())
                    .hasSize(1);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private JobEnvelope submit(String batchId, String text) {
        String id = "job-" + UUID.randomUUID();
        Instant now = Instant.now();
        JobEnvelope job = JobEnvelope.create(
                id,
                id,
                "t1",
                batchId,
                now,
                now.plusSeconds(120),
                List.of(Step.STT),
                JobInput.ofText(text),
                JobOptions.defaults());
        producer.sendEvent(events.accepted(job), null).join();
        producer.send(Topics.stepOf(job), job.correlationId(), job, Correlation.of(job, TraceParent.newTrace()))
                .join();
        return job;
    }

    /** Holds batch items and interactive jobs asking to be held on gates the test opens; counts what runs at once. */
    static final class GatedHandler implements StepHandler {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger batchStarted = new AtomicInteger();
        final AtomicInteger batchRunning = new AtomicInteger();
        final AtomicInteger maxBatchAtOnce = new AtomicInteger();
        final AtomicInteger interactiveRunning = new AtomicInteger();
        private volatile CountDownLatch batchGate = new CountDownLatch(0);
        private volatile CountDownLatch interactiveGate = new CountDownLatch(0);
        private final AtomicInteger first = new AtomicInteger(-1);

        CountDownLatch holdBatch() {
            batchGate = new CountDownLatch(1);
            return batchGate;
        }

        CountDownLatch holdInteractive() {
            interactiveGate = new CountDownLatch(1);
            return interactiveGate;
        }

        int firstBatchIndex() {
            return first.get();
        }

        void openAll() {
            batchGate.countDown();
            interactiveGate.countDown();
        }

        @Override
        public Step step() {
            return Step.STT;
        }

        @Override
        public String providerFor(JobEnvelope envelope) {
            return "gated";
        }

        @Override
        public StepResult handle(JobEnvelope envelope, StepSink sink) {
            calls.computeIfAbsent(envelope.jobId(), k -> new AtomicInteger()).incrementAndGet();
            String text =
                    envelope.input().text() == null ? "" : envelope.input().text();
            if (envelope.batchId() != null) {
                first.compareAndSet(-1, Integer.parseInt(text.substring("item ".length())));
                batchStarted.incrementAndGet();
                maxBatchAtOnce.accumulateAndGet(batchRunning.incrementAndGet(), Math::max);
                try {
                    await(batchGate);
                } finally {
                    batchRunning.decrementAndGet();
                }
            } else if (text.equals("hold")) {
                interactiveRunning.incrementAndGet();
                try {
                    await(interactiveGate);
                } finally {
                    interactiveRunning.decrementAndGet();
                }
            }
            return new StepResult("gated", JobContext.empty());
        }

        private static void await(CountDownLatch gate) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
