package io.aigateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.ingress.events.JobEventStreams;
import io.aigateway.ingress.testing.FakeResultStore;
import io.aigateway.ingress.testing.SseReader;
import io.aigateway.ingress.testing.SseReader.SseEvent;
import io.aigateway.ingress.testing.SseReader.SseStream;
import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.TopicProbe;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The ingress as it runs on its own, on the test JVM's embedded Kafka broker, with a result store played by the test:
 * jobs are published with their headers and {@code accepted} event, read back at once, and followed as Server-Sent
 * Events through a real HTTP client while the test publishes the job's events out of order and twice.
 */
@SpringBootTest(
        classes = IngressApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingress-api",
            "gateway.kafka.partitions=3",
            "gateway.ingress.sse.heartbeat=1s",
            "gateway.ingress.sse.gap-timeout=1s"
        })
@Import(IngressApplicationIT.ResultStoreOfTheTest.class)
class IngressApplicationIT {

    @TestConfiguration(proxyBeanMethods = false)
    static class ResultStoreOfTheTest {
        @Bean
        FakeResultStore fakeResultStore() {
            return new FakeResultStore();
        }
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("gateway.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
    }

    @LocalServerPort
    int port;

    @Autowired
    GatewayProducer producer;

    @Autowired
    FakeResultStore store;

    @Autowired
    JobEventStreams streams;

    @Autowired
    KafkaSettings kafka;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SseReader sse = new SseReader();

    @Test
    void aChatJobIsOnTheRagTopicWithItsHeadersAndItsAcceptedEventIsOnGwEvents() throws Exception {
        TraceParent trace = TraceParent.newTrace();
        HttpResponse<String> answer = post(
                "/v1/chat",
                "{\"message\": \"How do I reset my password?\"}",
                Map.of("X-Correlation-Id", "it-corr-1", "traceparent", trace.toString()));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("X-Correlation-Id")).contains("it-corr-1");
        JsonNode body = Json.mapper().readTree(answer.body());
        String jobId = body.get("jobId").asString();
        assertThat(answer.headers().firstValue("Location")).contains("/v1/jobs/" + jobId);
        assertThat(body.get("status").asString()).isEqualTo("queued");
        assertThat(body.get("links").get("events").asString()).isEqualTo("/v1/jobs/" + jobId + "/events");

        ConsumerRecord<byte[], byte[]> envelopeRecord = TopicProbe.awaitRecord(
                kafka,
                Topics.step(Step.RAG).name(),
                r -> jobId.equals(header(r, Headers.JOB_ID)),
                Duration.ofSeconds(30));
        JobEnvelope envelope = Topics.ENVELOPE.deserialize(envelopeRecord.topic(), envelopeRecord.value());
        assertThat(envelope.route()).containsExactly(Step.RAG, Step.LLM);
        assertThat(envelope.hop()).isZero();
        assertThat(envelope.input().text()).isEqualTo("How do I reset my password?");
        assertThat(envelope.tenantId()).isEqualTo("default");
        assertThat(envelope.deadline()).isAfter(envelope.createdAt());
        assertThat(new String(envelopeRecord.key(), StandardCharsets.UTF_8)).isEqualTo("it-corr-1");
        assertThat(header(envelopeRecord, Headers.CORRELATION_ID)).isEqualTo("it-corr-1");
        assertThat(header(envelopeRecord, Headers.TENANT_ID)).isEqualTo("default");
        assertThat(TraceParent.parseOrNew(header(envelopeRecord, Headers.TRACEPARENT))
                        .traceId())
                .isEqualTo(trace.traceId());

        ConsumerRecord<byte[], byte[]> eventRecord = TopicProbe.awaitRecord(
                kafka, Topics.EVENTS.name(), r -> jobId.equals(header(r, Headers.JOB_ID)), Duration.ofSeconds(30));
        assertThat(new String(eventRecord.key(), StandardCharsets.UTF_8)).isEqualTo(jobId);
        assertThat(Topics.EVENT.deserialize(eventRecord.topic(), eventRecord.value()))
                .isInstanceOfSatisfying(JobAccepted.class, a -> {
                    assertThat(a.seq()).isZero();
                    assertThat(a.correlationId()).isEqualTo("it-corr-1");
                    assertThat(a.route()).containsExactly(Step.RAG, Step.LLM);
                });
    }

    @Test
    void aJobCanBeReadRightAfterThe202() throws Exception {
        HttpResponse<String> answer =
                post("/v1/jobs", "{\"route\": [\"llm\"], \"input\": {\"text\": \"hi\"}}", Map.of());
        assertThat(answer.statusCode()).isEqualTo(202);
        String jobId = Json.mapper().readTree(answer.body()).get("jobId").asString();

        HttpResponse<String> state = get("/v1/jobs/" + jobId);

        assertThat(state.statusCode()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(state.body());
        assertThat(json.get("status").asString()).isEqualTo("queued");
        assertThat(json.get("correlationId").asString()).isEqualTo(jobId);
        assertThat(state.headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    void eventsPublishedOutOfOrderAndTwiceStreamOnceInOrderThenTheStreamEndsAndResumes() throws Exception {
        HttpResponse<String> answer = post("/v1/chat", "{\"message\": \"Stream me\"}", Map.of());
        assertThat(answer.statusCode()).isEqualTo(202);
        String jobId = Json.mapper().readTree(answer.body()).get("jobId").asString();
        TestJobs job = new TestJobs(jobId, jobId, "default", java.time.Instant.now());
        int openBefore = streams.openStreams();

        CompletableFuture<SseStream> reading =
                sse.read(uri("/v1/jobs/" + jobId + "/events"), null).done();
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() > openBefore);

        List<JobEvent> chain = job.chain(8); // 0 accepted (published by the ingress), 1..7
        Correlation correlation = new Correlation(jobId, jobId, "default", TraceParent.newTrace());
        for (int seq : new int[] {2, 1, 1, 4, 3, 6, 5, 7, 3}) {
            producer.sendEvent(chain.get(seq), correlation).get(10, TimeUnit.SECONDS);
        }

        SseStream stream = reading.get(30, TimeUnit.SECONDS);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.events()).extracting(SseEvent::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(stream.events())
                .extracting(SseEvent::event)
                .containsExactly(
                        "accepted", "step_started", "delta", "delta", "delta", "delta", "step_completed", "completed");
        for (SseEvent e : stream.events()) {
            JobEvent parsed = Json.mapper().readValue(e.data(), JobEvent.class);
            assertThat(parsed.jobId()).isEqualTo(jobId);
            assertThat(parsed.seq()).isEqualTo(e.seq());
            assertThat(parsed.type()).isEqualTo(e.event());
        }

        // the store has folded the job by now: resuming reads its history (and this instance's recent events)
        List<JobEvent> history = new ArrayList<>(chain);
        store.put(job.state(JobStatus.COMPLETED, 7), history);
        SseStream resumed =
                sse.read(uri("/v1/jobs/" + jobId + "/events"), "4").done().get(30, TimeUnit.SECONDS);
        assertThat(resumed.events()).extracting(SseEvent::seq).containsExactly(5L, 6L, 7L);

        SseStream atTheEnd = sse.read(uri("/v1/jobs/" + jobId + "/events?lastEventId=7"), null)
                .done()
                .get(30, TimeUnit.SECONDS);
        assertThat(atTheEnd.status()).isEqualTo(200);
        assertThat(atTheEnd.events()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == openBefore);
    }

    @Test
    void aQuietStreamGetsHeartbeats() throws Exception {
        HttpResponse<String> answer = post("/v1/chat", "{\"message\": \"Quiet\"}", Map.of());
        String jobId = Json.mapper().readTree(answer.body()).get("jobId").asString();
        TestJobs job = new TestJobs(jobId, jobId, "default", java.time.Instant.now());

        SseReader.Reading reading = sse.read(uri("/v1/jobs/" + jobId + "/events"), "0");
        // the heartbeat is 1 s here: an idle stream gets one, and still ends with the job
        await().atMost(Duration.ofSeconds(10)).until(() -> reading.lines().contains(":heartbeat"));
        producer.sendEvent(job.failed(1), new Correlation(jobId, jobId, "default", null))
                .get(10, TimeUnit.SECONDS);

        SseStream stream = reading.done().get(30, TimeUnit.SECONDS);
        assertThat(stream.comments()).contains(":heartbeat");
        assertThat(stream.events()).extracting(SseEvent::event).containsExactly("failed");
    }

    @Test
    void eventsOfAnUnknownJobAreNotFoundBeforeTheStreamStarts() throws Exception {
        SseStream stream =
                sse.read(uri("/v1/jobs/job_nosuchjob/events"), null).done().get(30, TimeUnit.SECONDS);

        assertThat(stream.status()).isEqualTo(404);
        assertThat(stream.contentType()).startsWith("application/problem+json");
        assertThat(stream.raw()).contains("\"code\":\"job_not_found\"");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        byte[] big = ("{\"message\": \"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .timeout(Duration.ofSeconds(30))
                .build();

        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"code\":\"payload_too_large\"");
    }

    @Test
    void unknownOptionsAreIgnoredLikeUnknownFields() throws Exception {
        HttpResponse<String> answer = post(
                "/v1/chat",
                "{\"message\": \"hi\", \"extra\": 1, \"options\": {\"maxTokens\": 10, \"shinyNewOption\": true}}",
                Map.of());

        assertThat(answer.statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> post(String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
