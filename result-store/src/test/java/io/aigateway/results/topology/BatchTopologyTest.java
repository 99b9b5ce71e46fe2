package io.aigateway.results.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.results.ResultStoreProperties;
import io.aigateway.results.TestEvents;
import io.aigateway.results.streams.ResultStoreMetrics;
import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchCompleted;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemFinished;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.batch.BatchRetry;
import io.aigateway.schemas.batch.BatchWebhookResult;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.BatchStatus;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches in the result store's topology: the manifest and the items' job events folded into the batch's counts and
 * items, exactly once whatever is delivered twice, with the completion told on {@code gw.batches}.
 */
class BatchTopologyTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String BATCH = "bat_abcdefghijklmnopqrstuvwxyz234567";
    private static final BlobRef AUDIO = new BlobRef("fs:t/aa/" + "a".repeat(64), 1000, "a".repeat(64), "audio/wav");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobEvent> events;
    private TestInputTopic<String, BatchRecord> batches;
    private TestOutputTopic<String, BatchRecord> told;
    private KeyValueStore<String, BatchState> states;
    private KeyValueStore<String, BatchItemState> items;

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        new ResultStoreTopology(
                        Duration.ofHours(24), Duration.ofMinutes(1), new ResultStoreMetrics(new SimpleMeterRegistry()))
                .build(builder);
        ResultStoreProperties properties = new ResultStoreProperties(
                "result-store-test",
                stateDir,
                null,
                1,
                Duration.ofMillis(100),
                Duration.ofHours(24),
                Duration.ofMinutes(1),
                null);
        Properties config = ResultStoreStreams.streamsConfig(
                KafkaSettings.local("unused:9092"), properties, new HostInfo("localhost", 8085));
        driver = new TopologyTestDriver(builder.build(), config, NOW);
        events = driver.createInputTopic(
                Topics.EVENTS.name(),
                Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer());
        batches = driver.createInputTopic(
                Topics.BATCHES.name(),
                Topics.BATCHES.keySerde().serializer(),
                Topics.BATCHES.valueSerde().serializer());
        told = driver.createOutputTopic(
                Topics.BATCHES.name(),
                Topics.BATCHES.keySerde().deserializer(),
                Topics.BATCHES.valueSerde().deserializer());
        states = driver.getKeyValueStore(BatchStores.STATE);
        items = driver.getKeyValueStore(BatchStores.ITEMS);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static BatchManifest manifest(int audioItems, boolean withRefused) {
        List<BatchItem> list = new ArrayList<>();
        for (int i = 0; i < audioItems; i++) {
            list.add(new BatchItem(i, "call-" + i + ".wav", null, AUDIO, 2.0, null));
        }
        if (withRefused) {
            list.add(new BatchItem(
                    audioItems,
                    "bad",
                    "https://x.example/bad.wav",
                    null,
                    null,
                    new ErrorInfo("fetch_failed", "404", false)));
        }
        return BatchManifest.of(
                BATCH, TestEvents.TENANT, "upload", NOW, List.of(Step.STT), null, true, null, null, list);
    }

    private void run(int index, int attempt, boolean ok) {
        TestEvents job = new TestEvents(new BatchItemKey(BATCH, index, attempt).jobId(), NOW);
        List<JobEvent> story = new ArrayList<>(List.of(job.accepted(Step.STT), job.started(1, Step.STT, "vosk", 0)));
        JobContext transcript = JobContext.empty().withTranscript(new Transcript("hello", "en-US", 2.5, List.of()));
        story.add(
                ok
                        ? job.completed(2, transcript)
                        : job.failed(2, Step.STT, "vosk", new ErrorInfo("provider_unavailable", "down", true)));
        story.forEach(e -> events.pipeInput(e.jobId(), e));
    }

    private List<BatchRecord> toldKinds(Class<? extends BatchRecord> kind) {
        return told.readValuesToList().stream().filter(kind::isInstance).toList();
    }

    @Test
    void itemsFoldIntoCountsOnceAndTheLastOneCompletesTheBatch() {
        batches.pipeInput(BATCH, manifest(3, true));
        assertThat(states.get(BATCH).status()).isEqualTo(BatchStatus.QUEUED);
        assertThat(states.get(BATCH).failed()).isEqualTo(1);

        run(0, 0, true);
        run(0, 0, true); // every event of the job delivered twice
        run(1, 0, false);
        BatchState midway = states.get(BATCH);
        assertThat(midway.status()).isEqualTo(BatchStatus.RUNNING);
        assertThat(midway.completed()).isEqualTo(1);
        assertThat(midway.failed()).isEqualTo(2);
        assertThat(midway.queued()).isEqualTo(1);
        assertThat(midway.audioSecondsDone()).isEqualTo(2.5);
        assertThat(midway.startedAt()).isNotNull();
        long version = midway.version();

        run(2, 0, true);
        BatchState done = states.get(BATCH);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(done.done()).isEqualTo(4);
        assertThat(done.queued() + done.running()).isZero();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.version()).isGreaterThan(version);
        assertThat(items.get(BatchStores.itemKey(BATCH, 1)).error().code()).isEqualTo("provider_unavailable");
        assertThat(items.get(BatchStores.itemKey(BATCH, 2)).status()).isEqualTo(JobStatus.COMPLETED);

        List<BatchRecord> completions = toldKinds(BatchCompleted.class);
        assertThat(completions).hasSize(1);
        assertThat(((BatchCompleted) completions.get(0)).deliveryId()).isEqualTo(BATCH + "-r0");
    }

    @Test
    void aRedeliveredEndTellsTheBatchAgainSoALostAnnouncementIsMadeUp() {
        // a task that folded the last item's end and failed before its gw.batches records were sent is read again
        batches.pipeInput(BATCH, manifest(2, false));
        run(0, 0, true);
        run(1, 0, true);
        BatchState done = states.get(BATCH);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        told.readValuesToList();

        run(1, 0, true);

        List<BatchRecord> again = told.readValuesToList();
        assertThat(again)
                .filteredOn(BatchItemFinished.class::isInstance)
                .extracting(r -> ((BatchItemFinished) r).index())
                .contains(1);
        assertThat(again)
                .filteredOn(BatchCompleted.class::isInstance)
                .extracting(r -> ((BatchCompleted) r).deliveryId())
                .isNotEmpty()
                .allMatch((BATCH + "-r0")::equals);
        BatchState after = states.get(BATCH);
        assertThat(after.completed()).isEqualTo(2);
        assertThat(after.version()).isEqualTo(done.version());
    }

    @Test
    void aSecondManifestChangesNothingAndRecordsOfUnknownBatchesAreDropped() {
        batches.pipeInput(BATCH, manifest(2, false));
        run(0, 0, true);
        batches.pipeInput(BATCH, manifest(5, false));

        assertThat(states.get(BATCH).total()).isEqualTo(2);
        assertThat(states.get(BATCH).completed()).isEqualTo(1);
        TestEvents stray = new TestEvents(new BatchItemKey("bat_zzzzzzzzzzzzzzzzzzzz", 0, 0).jobId(), NOW);
        events.pipeInput(stray.jobId(), stray.accepted(Step.STT));
        assertThat(states.get("bat_zzzzzzzzzzzzzzzzzzzz")).isNull();
    }

    @Test
    void aRetryRunsFailedItemsAgainAndAnOldAttemptsOutcomeIsStale() {
        batches.pipeInput(BATCH, manifest(2, false));
        run(0, 0, true);
        run(1, 0, false);
        assertThat(states.get(BATCH).status()).isEqualTo(BatchStatus.COMPLETED);
        told.readValuesToList();

        batches.pipeInput(
                BATCH,
                new BatchRetry(
                        SchemaVersion.CURRENT,
                        BATCH,
                        1,
                        List.of(new BatchItem(1, "call-1.wav", null, AUDIO, 2.0, null)),
                        NOW));
        BatchState retried = states.get(BATCH);
        assertThat(retried.status()).isEqualTo(BatchStatus.RUNNING);
        assertThat(retried.failed()).isZero();
        assertThat(retried.round()).isEqualTo(1);
        assertThat(items.get(BatchStores.itemKey(BATCH, 1)).jobId()).isEqualTo(BATCH + "-1-1");

        run(1, 0, false); // the old attempt's outcome again: stale
        assertThat(states.get(BATCH).failed()).isZero();
        run(1, 1, true);
        BatchState done = states.get(BATCH);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(done.completed()).isEqualTo(2);
        assertThat(toldKinds(BatchCompleted.class))
                .extracting(r -> ((BatchCompleted) r).deliveryId())
                .containsExactly(BATCH + "-r1");

        batches.pipeInput(
                BATCH,
                new BatchWebhookResult(SchemaVersion.CURRENT, BATCH, BATCH + "-r1", true, 3, null, NOW.plusSeconds(5)));
        assertThat(states.get(BATCH).webhook().delivered()).isTrue();
        assertThat(states.get(BATCH).webhook().attempts()).isEqualTo(3);
    }

    @Test
    void aBatchWhoseEveryItemWasRefusedIsCompletedAtOnce() {
        BatchManifest m = BatchManifest.of(
                BATCH,
                TestEvents.TENANT,
                "urls",
                NOW,
                List.of(Step.STT),
                null,
                true,
                null,
                null,
                List.of(new BatchItem(
                        0, "x", "https://x.example/a", null, null, new ErrorInfo("url_not_allowed", "no", false))));
        batches.pipeInput(BATCH, m);

        assertThat(states.get(BATCH).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(toldKinds(BatchCompleted.class)).hasSize(1);
    }
}
