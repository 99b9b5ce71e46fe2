package io.aigateway.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.results.query.JobJson;
import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("result-store-it");
        registry.add("gateway.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
        registry.add("gateway.kafka.partitions", () -> 2);
        registry.add("server.port", () -> PORT);
        registry.add("gateway.results.application-id", () -> "result-store-it-" + UUID.randomUUID());
        registry.add("gateway.results.state-dir", () -> data.resolve("streams").toString());
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
