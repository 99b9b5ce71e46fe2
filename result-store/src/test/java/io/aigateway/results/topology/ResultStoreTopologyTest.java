package io.aigateway.results.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.results.ResultStoreProperties;
import io.aigateway.results.TestEvents;
import io.aigateway.results.streams.ResultStoreMetrics;
import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result store's topology, built exactly as the application builds it, driven by {@link TopologyTestDriver}. */
class ResultStoreTopologyTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobEvent> events;
    private KeyValueStore<String, JobState> stateStore;
    private KeyValueStore<String, JobEvent> eventStore;
    private KeyValueStore<String, String> indexStore;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        new ResultStoreTopology(RETENTION, EXPIRY_INTERVAL, new ResultStoreMetrics(meters)).build(builder);
        // the application's own Streams settings, so the error handlers under test are the ones it runs with
        ResultStoreProperties properties = new ResultStoreProperties(
                "result-store-test", stateDir, null, 1, Duration.ofMillis(100), RETENTION, EXPIRY_INTERVAL, null);
        Properties config = ResultStoreStreams.streamsConfig(
                KafkaSettings.local("unused:9092"), properties, new HostInfo("localhost", 8085));
        driver = new TopologyTestDriver(builder.build(), config, NOW);
        events = driver.createInputTopic(
                Topics.EVENTS.name(),
                Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer());
        stateStore = driver.getKeyValueStore(JobStores.STATE);
        eventStore = driver.getKeyValueStore(JobStores.EVENTS);
        indexStore = driver.getKeyValueStore(JobStores.INDEX);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void send(JobEvent... sent) {
        for (JobEvent event : sent) {
            events.pipeInput(event.jobId(), event);
        }
    }

    private static List<JobEvent> chatJob(TestEvents job) {
        return List.of(
                job.accepted(Step.RAG, Step.LLM),
                job.started(1, Step.RAG, "lucene", 0),
                job.stepCompleted(2, Step.RAG, "lucene", TestEvents.passages()),
                job.started(3, Step.LLM, "mock", 1),
                job.delta(4, "Use "),
                job.delta(5, "the portal."),
                job.stepCompleted(6, Step.LLM, "mock", TestEvents.answer("Use the portal.")),
                job.completed(7, TestEvents.passages().merge(TestEvents.answer("Use the portal."))));
    }

    private List<String> eventKeys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, JobEvent> all = eventStore.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void aChatJobsEventsInOrderEndInACompletedStateWithItsAnswer() {
        TestEvents job = new TestEvents("job-chat", NOW.minusSeconds(30));

        send(chatJob(job).toArray(JobEvent[]::new));

        JobState state = stateStore.get("job-chat");
        assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(state.result().answer().text()).isEqualTo("Use the portal.");
        assertThat(state.result().passages()).hasSize(1);
        assertThat(state.steps()).extracting(StepState::step).containsExactly(Step.RAG, Step.LLM);
        assertThat(state.steps()).extracting(StepState::status).containsOnly(JobStatus.COMPLETED);
        assertThat(state.steps()).extracting(StepState::provider).containsExactly("lucene", "mock");
        assertThat(state.lastSeq()).isEqualTo(7);
        assertThat(state.correlationId()).isEqualTo(TestEvents.CORRELATION);
        assertThat(JobStores.eventsAfter(eventStore, "job-chat", -1)).hasSize(8);
    }

    @Test
    void aJobThatEndsIsCountedOnceByRouteAndOutcomeEvenWhenItsEventsRepeat() {
        TestEvents job = new TestEvents("job-counted", NOW.minusSeconds(30));
        List<JobEvent> story = chatJob(job);

        send(story.toArray(JobEvent[]::new));
        send(story.get(story.size() - 1)); // the completed event again, as a redelivery brings it

        assertThat(meters.get("gateway.jobs.finished")
                        .tags("route", "rag>llm", "outcome", "completed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("gateway.jobs.duration")
                        .tags("route", "rag>llm", "outcome", "completed")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void duplicateEventsChangeNothing() {
        TestEvents job = new TestEvents("job-dup", NOW.minusSeconds(30));
        List<JobEvent> all = chatJob(job);
        send(all.subList(0, 7).toArray(JobEvent[]::new));
        JobState before = stateStore.get("job-dup");
        List<String> keysBefore = eventKeys();

        // redeliveries of events already folded; one even claims another outcome under a sequence number already seen
        send(all.get(2), all.get(6), job.completed(6, JobContext.empty()), job.failed(5, Step.LLM, "mock", null));

        assertThat(stateStore.get("job-dup")).isEqualTo(before);
        assertThat(eventKeys()).isEqualTo(keysBefore);
        assertThat(JobStores.eventsAfter(eventStore, "job-dup", 5).get(0)).isEqualTo(all.get(6));
    }

    @Test
    void theEventHistoryIsOneJobsEventsInRisingOrderWithoutRepeats() {
        TestEvents job = new TestEvents("a", NOW.minusSeconds(30));
        TestEvents longerId = new TestEvents("a/b", NOW.minusSeconds(30));
        List<JobEvent> chat = chatJob(job);
        // out of order, with repeats, interleaved with a job whose id starts with this one's id and the separator
        send(
                chat.get(0),
                chat.get(3),
                chat.get(1),
                longerId.accepted(Step.LLM),
                chat.get(1),
                chat.get(2),
                longerId.started(1, Step.LLM, "mock", 0),
                chat.get(5),
                chat.get(4),
                chat.get(3),
                chat.get(7),
                chat.get(6));

        assertThat(JobStores.eventsAfter(eventStore, "a", -1))
                .extracting(JobEvent::seq)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(JobStores.eventsAfter(eventStore, "a", 4))
                .extracting(JobEvent::seq)
                .containsExactly(5L, 6L, 7L);
        assertThat(JobStores.eventsAfter(eventStore, "a", 7)).isEmpty();
        assertThat(JobStores.eventsAfter(eventStore, "a/b", -1))
                .extracting(JobEvent::seq)
                .containsExactly(0L, 1L);
        assertThat(JobStores.eventsAfter(eventStore, "nobody", -1)).isEmpty();
        assertThat(stateStore.get("a").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void expiryRemovesJobsOlderThanTheRetentionWithTheirEvents() {
        TestEvents old = new TestEvents("job-old", NOW.minus(RETENTION).minus(Duration.ofHours(1)));
        TestEvents fresh = new TestEvents("job-fresh", NOW.minus(Duration.ofHours(1)));
        send(chatJob(old).toArray(JobEvent[]::new));
        send(chatJob(fresh).toArray(JobEvent[]::new));
        assertThat(stateStore.get("job-old")).isNotNull();

        driver.advanceWallClockTime(EXPIRY_INTERVAL);

        assertThat(stateStore.get("job-old")).isNull();
        assertThat(JobStores.eventsAfter(eventStore, "job-old", -1)).isEmpty();
        assertThat(stateStore.get("job-fresh")).isNotNull();
        assertThat(JobStores.eventsAfter(eventStore, "job-fresh", -1)).hasSize(8);

        driver.advanceWallClockTime(RETENTION);

        assertThat(stateStore.get("job-fresh")).isNull();
        assertThat(eventKeys()).isEmpty();
        assertThat(list(null, null, 10)).isEmpty();
    }

    @Test
    void aTenantsJobsAreListedNewestFirstAPageAtATime() {
        for (int i = 0; i < 5; i++) {
            TestEvents job = new TestEvents("job-" + i, NOW.minusSeconds(600 - i * 60));
            send(job.accepted(Step.RAG, Step.LLM), job.started(1, Step.RAG, "lucene", 0));
            if (i % 2 == 0) {
                send(job.completed(2, TestEvents.passages()));
            }
        }
        // a job whose first event arrives before its accepted: listed under the accepted time once that comes
        TestEvents late = new TestEvents("job-late", NOW.minusSeconds(900));
        send(late.started(1, Step.RAG, "lucene", 0));
        send(late.accepted(Step.RAG));
        // another tenant's job, newer than all
        send(new JobAccepted(
                SchemaVersion.CURRENT,
                "job-other",
                "corr-other",
                "tenant-b",
                0,
                NOW,
                null,
                List.of(Step.LLM),
                NOW.plusSeconds(60)));

        assertThat(list(null, null, 10))
                .extracting(JobState::jobId)
                .containsExactly("job-4", "job-3", "job-2", "job-1", "job-0", "job-late");
        assertThat(list(JobStatus.RUNNING, null, 10))
                .extracting(JobState::jobId)
                .containsExactly("job-3", "job-1", "job-late");

        List<JobState> first = list(null, null, 2);
        assertThat(first).extracting(JobState::jobId).containsExactly("job-4", "job-3");
        assertThat(list(null, JobPage.cursor(first.get(1)), 3))
                .extracting(JobState::jobId)
                .containsExactly("job-2", "job-1", "job-0");
        assertThat(JobStores.newestJobs(indexStore, stateStore, "tenant-b", null, null, 10))
                .extracting(JobState::jobId)
                .containsExactly("job-other");
        assertThat(JobStores.newestJobs(indexStore, stateStore, "tenant", null, null, 10))
                .isEmpty();
        List<String> indexKeys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = indexStore.all()) {
            all.forEachRemaining(kv -> indexKeys.add(kv.key));
        }
        assertThat(indexKeys)
                .hasSize(7)
                .noneMatch(k ->
                        k.contains("job-late") && !k.contains(late.acceptedAt().toEpochMilli() + "/"));
    }

    private List<JobState> list(JobStatus status, String before, int limit) {
        return JobStores.newestJobs(indexStore, stateStore, TestEvents.TENANT, status, before, limit);
    }

    @Test
    void anUnreadableRecordIsSkippedAndLaterEventsStillFold() {
        TestEvents job = new TestEvents("job-after-poison", NOW.minusSeconds(30));
        TestInputTopic<String, byte[]> raw =
                driver.createInputTopic(Topics.EVENTS.name(), new StringSerializer(), new ByteArraySerializer());

        raw.pipeInput("job-after-poison", "{not json".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput("job-after-poison", (byte[]) null);
        send(chatJob(job).toArray(JobEvent[]::new));

        assertThat(stateStore.get("job-after-poison").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobStores.eventsAfter(eventStore, "job-after-poison", -1)).hasSize(8);
    }
}
