package io.aigateway.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.results.query.JobJson;
import io.aigateway.results.query.RemoteJobQueries;
import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The result store as it runs on its own, on the test JVM's embedded broker: events published to {@code gw.events}
 * become a job state and a history that the internal HTTP API and the in-process {@link JobQueries} both answer.
 */
@SpringBootTest(
        classes = ResultStoreApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.config.name=result-store")
class ResultStoreApplicationIT {

    private static final int PORT = freePort();
    private static final String APPLICATION_ID = "result-store-it-" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("result-store-it");
        registry.add("gateway.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
        registry.add("gateway.kafka.partitions", () -> 2);
        registry.add("server.port", () -> PORT);
        registry.add("gateway.results.application-id", () -> APPLICATION_ID);
        registry.add("gateway.results.state-dir", () -> data.resolve("streams").toString());
        // a second instance joins and leaves in one test: the partitions it held come back within seconds
        registry.add("gateway.results.streams[session.timeout.ms]", () -> "6000");
    }

    @Autowired
    GatewayProducer producer;

    @Autowired
    ResultStoreStreams streams;

    @Autowired
    JobQueries queries;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void storeIsRunning() {
        await().atMost(Duration.ofSeconds(60)).until(streams::ready);
    }

    @Test
    void publishedEventsCanBeQueriedOverHttpAndInProcess() throws Exception {
        String jobId = "job_it_" + UUID.randomUUID().toString().replace("-", "");
        TestEvents job = new TestEvents(jobId, Instant.now());
        List<JobEvent> events = List.of(
                job.accepted(Step.LLM),
                job.started(1, Step.LLM, "mock", 0),
                job.delta(2, "Use the "),
                job.delta(3, "portal."),
                job.stepCompleted(4, Step.LLM, "mock", TestEvents.answer("Use the portal.")),
                job.completed(5, TestEvents.answer("Use the portal.")));
        for (JobEvent event : events) {
            producer.sendEvent(event, null).join();
        }
        producer.sendEvent(events.get(3), null).join(); // a redelivery

        HttpResponse<byte[]> state = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get("/internal/jobs/" + jobId),
                        r -> r.statusCode() == 200
                                && JobJson.readState(r.body()).status() == JobStatus.COMPLETED);

        assertThat(state.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JobState read = JobJson.readState(state.body());
        assertThat(read.result().answer().text()).isEqualTo("Use the portal.");
        assertThat(read.lastSeq()).isEqualTo(5);
        assertThat(queries.job(jobId)).contains(read);

        HttpResponse<byte[]> history = get("/internal/jobs/" + jobId + "/events?after=1");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(JobJson.readEvents(history.body())).containsExactlyElementsOf(events.subList(2, 6));
        assertThat(queries.events(jobId, -1)).containsExactlyElementsOf(events);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                meters.get("gateway.results.jobs").gauge().value())
                        .isGreaterThan(0));
    }

    @Test
    void anUnknownJobIsA404AndHasNoEvents() throws Exception {
        assertThat(get("/internal/jobs/no-such-job").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> history = get("/internal/jobs/no-such-job/events");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(JobJson.readEvents(history.body())).isEmpty();
    }

    @Test
    void aTenantsJobsAreGatheredFromEveryInstanceNewestFirst() throws Exception {
        String tenant = "tenant-list-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(60);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String jobId = jobOnPartition(i % 2); // events are keyed by job id: half the jobs on each partition
            ids.add(0, jobId); // newest first
            producer.sendEvent(
                            new JobAccepted(
                                    SchemaVersion.CURRENT,
                                    jobId,
                                    jobId,
                                    tenant,
                                    0,
                                    start.plusSeconds(i),
                                    null,
                                    List.of(Step.LLM),
                                    start.plusSeconds(600)),
                            null)
                    .join();
        }
        int secondPort = freePort();
        Path secondData = Files.createTempDirectory("result-store-it-2");
        // as arguments, which win over the application's own result-store.yml
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ResultStoreApplication.class)
                .run(
                        "--spring.config.name=result-store",
                        "--server.port=" + secondPort,
                        "--gateway.kafka.bootstrap-servers=" + System.getProperty("spring.embedded.kafka.brokers"),
                        "--gateway.kafka.partitions=2",
                        "--gateway.results.application-id=" + APPLICATION_ID,
                        "--gateway.results.state-dir=" + secondData.resolve("streams"),
                        "--gateway.results.streams[session.timeout.ms]=6000")) {
            ResultStoreStreams other = second.getBean(ResultStoreStreams.class);
            // each instance owns one of the two partitions, and the jobs are on both
            await().atMost(Duration.ofSeconds(60)).until(() -> ownsOnePartition(streams) && ownsOnePartition(other));

            for (int port : List.of(PORT, secondPort)) {
                JobPage all = await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> page(port, "tenant=" + tenant + "&limit=20"),
                                p -> p != null && p.jobs().size() == 8);
                assertThat(all.jobs()).extracting(JobState::jobId).containsExactlyElementsOf(ids);
                assertThat(all.next()).isNull();
            }
            assertThat(page(PORT, "tenant=" + tenant + "&limit=20", true).jobs())
                    .hasSize(4);
            assertThat(page(secondPort, "tenant=" + tenant + "&limit=20", true).jobs())
                    .hasSize(4);
            JobPage first = page(secondPort, "tenant=" + tenant + "&limit=5");
            assertThat(first.jobs()).extracting(JobState::jobId).containsExactlyElementsOf(ids.subList(0, 5));
            JobPage rest = page(PORT, "tenant=" + tenant + "&limit=5&before=" + first.next());
            assertThat(rest.jobs()).extracting(JobState::jobId).containsExactlyElementsOf(ids.subList(5, 8));
            assertThat(rest.next()).isNull();
            assertThat(page(PORT, "tenant=" + tenant + "&status=COMPLETED").jobs())
                    .isEmpty();
        }
        // the partitions come back to this instance before the next test
        await().atMost(Duration.ofSeconds(60))
                .until(() -> streams.streams().map(s -> localPartitions(s) == 2).orElse(false));
    }

    private static boolean ownsOnePartition(ResultStoreStreams instance) {
        return instance.streams()
                .map(s -> s.state() == KafkaStreams.State.RUNNING && localPartitions(s) == 1)
                .orElse(false);
    }

    private static long localPartitions(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(t -> t.activeTasks().stream())
                .flatMap(t -> t.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(Topics.EVENTS.name()))
                .count();
    }

    private JobPage page(int port, String query) throws IOException, InterruptedException {
        return page(port, query, false);
    }

    /** A page from the instance on {@code port}; {@code forwarded}: of its own partitions only. */
    private JobPage page(int port, String query, boolean forwarded) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/jobs?" + query))
                        .header(RemoteJobQueries.FORWARDED_HEADER, String.valueOf(forwarded))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? JobJson.readPage(response.body()) : null;
    }

    /** A fresh job id whose records go to {@code partition} of two, as the producer's default partitioner puts them. */
    private static String jobOnPartition(int partition) {
        while (true) {
            String jobId = "job_list_" + UUID.randomUUID().toString().replace("-", "");
            byte[] key = jobId.getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % 2 == partition) {
                return jobId;
            }
        }
    }

    @Test
    void readinessFollowsTheStreamsState() throws Exception {
        HttpResponse<byte[]> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(new String(readiness.body())).contains("\"status\":\"UP\"").contains("\"resultStore\"");
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
