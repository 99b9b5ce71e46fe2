package io.aigateway.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.ingress.testing.SseReader;
import io.aigateway.ingress.testing.SseReader.SseEvent;
import io.aigateway.ingress.testing.SseReader.SseStream;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.StepRuntimes;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.TopicProbe;
import io.aigateway.pipeline.tracing.GatewayTracing;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole gateway in one JVM on a real broker, driven over HTTP like a client would: chat with streamed tokens, a
 * generic route, a provider failure, SSE resume, a duplicate envelope, a poison record and a worker restart under load.
 * Subclasses say which broker: the test JVM's embedded KRaft broker, or a Testcontainers Kafka where Docker runs.
 */
@SpringBootTest(
        classes = {AllInOneApplication.class, TraceCapture.class},
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
abstract class GatewayEndToEndTests {

    /** Each context (one per broker kind) gets its own port and data folder, as two gateways on one machine would. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        int port = TestGateway.freePort();
        TestGateway.register(registry, port, "e2e");
        registry.add("gateway.llm.mock.token-delay", () -> "0ms");
        // every token its own delta event, so the tests see the stream token by token (coalescing: StepRuntimeIT)
        registry.add("gateway.pipeline.steps.llm.delta-window", () -> "0ms");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final SseReader sse = new SseReader();

    @Autowired
    StepRuntimes runtimes;

    @Autowired
    GatewayProducer producer;

    @Autowired
    JobEvents jobEvents;

    @Autowired
    KafkaSettings kafka;

    @Autowired
    GatewayTracing tracing;

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void chatJobStreamsItsAnswerTokenByTokenAndEndsCompleted() throws Exception {
        HttpResponse<String> accepted =
                post("/v1/chat", "{\"message\":\"How do I reset my password?\"}", "X-Correlation-Id", "e2e-chat-1");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("X-Correlation-Id")).contains("e2e-chat-1");
        String jobId = json(accepted.body()).get("jobId").asString();
        assertThat(accepted.headers().firstValue("Location")).contains("/v1/jobs/" + jobId);

        SseStream stream =
                sse.read(uri("/v1/jobs/" + jobId + "/events"), null).done().join();

        assertThat(stream.status()).isEqualTo(200);
        List<SseEvent> events = stream.events();
        assertThat(events).extracting(SseEvent::seq).containsExactlyElementsOf(LongRange.of(0, events.size() - 1));
        assertThat(events.get(0).event()).isEqualTo("accepted");
        assertThat(events.get(events.size() - 1).event()).isEqualTo("completed");
        assertThat(events)
                .extracting(SseEvent::event)
                .containsSubsequence("step_started", "step_completed", "step_started", "delta", "step_completed");
        String streamed = events.stream()
                .filter(e -> e.event().equals("delta"))
                .map(e -> json(e.data()).get("text").asString())
                .reduce("", String::concat);
        assertThat(streamed).isNotBlank();
        assertThat(events.stream().filter(e -> e.event().equals("delta")).count())
                .isGreaterThan(3);

        JsonNode job = awaitStatus(jobId, "completed");
        assertThat(job.get("correlationId").asString()).isEqualTo("e2e-chat-1");
        assertThat(job.at("/result/answer/text").asString()).isEqualTo(streamed);
        assertThat(job.at("/result/passages").size()).isGreaterThan(0);
        assertThat(job.get("steps").size()).isEqualTo(2);
    }

    @Test
    void aGenericRouteRunsEveryStepItNames() throws Exception {
        HttpResponse<String> accepted = post(
                "/v1/jobs",
                "{\"route\":[\"rag\",\"llm\",\"tts\"],\"input\":{\"text\":\"My VPN keeps disconnecting\"}}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = json(accepted.body()).get("jobId").asString();

        JsonNode job = awaitStatus(jobId, "completed");

        assertThat(job.get("steps").findValuesAsString("step")).containsExactly("rag", "llm", "tts");
        assertThat(job.at("/result/audio/contentType").asString()).isEqualTo("audio/wav");
        assertThat(job.at("/result/audio/size").asLong()).isGreaterThan(44);
    }

    @Test
    void aProviderFailureEndsAsAFailedEventWithItsCode() throws Exception {
        HttpResponse<String> accepted = post("/v1/chat", "{\"message\":\"Tell me something #mock-fail:rejected\"}");
        String jobId = json(accepted.body()).get("jobId").asString();

        SseStream stream =
                sse.read(uri("/v1/jobs/" + jobId + "/events"), null).done().join();

        SseEvent last = stream.events().get(stream.events().size() - 1);
        assertThat(last.event()).isEqualTo("failed");
        assertThat(json(last.data()).at("/error/code").asString()).isEqualTo("provider_rejected");
        assertThat(json(last.data()).at("/error/retryable").asBoolean()).isFalse();
        JsonNode job = awaitStatus(jobId, "failed");
        assertThat(job.at("/error/code").asString()).isEqualTo("provider_rejected");
    }

    @Test
    void sseResumesAfterLastEventIdWithoutGapsOrRepeats() throws Exception {
        String jobId = json(post("/v1/chat", "{\"message\":\"How do I connect to the office Wi-Fi?\"}")
                        .body())
                .get("jobId")
                .asString();
        List<SseEvent> all = sse.read(uri("/v1/jobs/" + jobId + "/events"), null)
                .done()
                .join()
                .events();
        assertThat(all.size()).isGreaterThan(6);

        List<SseEvent> resumed = sse.read(uri("/v1/jobs/" + jobId + "/events"), "3")
                .done()
                .join()
                .events();

        assertThat(resumed).extracting(SseEvent::seq).containsExactlyElementsOf(LongRange.of(4, all.size() - 1));
        assertThat(resumed)
                .extracting(SseEvent::data)
                .containsExactlyElementsOf(
                        all.subList(4, all.size()).stream().map(SseEvent::data).toList());
    }

    @Test
    void theSameEnvelopeDeliveredTwiceGivesOneOutcome() throws Exception {
        String jobId = "job_e2e_dup_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        JobEnvelope job = JobEnvelope.create(
                jobId,
                jobId,
                "default",
                null,
                now,
                now.plusSeconds(60),
                List.of(Step.LLM),
                JobInput.ofText("Printer on floor 3 is jammed"),
                JobOptions.defaults());
        Correlation correlation = Correlation.of(job, TraceParent.newTrace());
        producer.sendEvent(jobEvents.accepted(job), correlation).join();
        producer.sendEnvelope(job, correlation).join();
        producer.sendEnvelope(job, correlation).join();

        List<SseEvent> events = sse.read(uri("/v1/jobs/" + jobId + "/events"), null)
                .done()
                .join()
                .events();

        assertThat(events)
                .extracting(SseEvent::seq)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(LongRange.of(0, events.size() - 1));
        assertThat(events).filteredOn(e -> e.event().equals("completed")).hasSize(1);
        // published straight to Kafka, not through this ingress: only the store knows it, a moment after its events
        JsonNode state = awaitStatus(jobId, "completed", false);
        assertThat(state.get("steps").size()).isEqualTo(1);
    }

    @Test
    void aPoisonRecordLandsInTheDeadLetterTopicWhileLaterJobsComplete() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(
                        Topics.step(Step.RAG).name(),
                        key.getBytes(StandardCharsets.UTF_8),
                        "\u0000\u0001 not an envelope".getBytes(StandardCharsets.UTF_8)))
                .join();
        String later = json(post("/v1/chat", "{\"message\":\"Is the mail server down?\"}")
                        .body())
                .get("jobId")
                .asString();

        var dead = TopicProbe.awaitRecord(
                kafka,
                Topics.DLT.name(),
                r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)),
                Duration.ofSeconds(30));

        assertThat(new String(
                        dead.headers().lastHeader(Headers.DLT_ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo("gw.step.rag");
        awaitStatus(later, "completed");
    }

    @Test
    void aWorkerStoppedAndRestartedMidLoadLosesNoAcceptedJob() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> submits = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            submits.add(postAsync("/v1/chat", "{\"message\":\"Laptop battery question number " + i + "\"}"));
        }
        List<String> jobIds = new ArrayList<>();
        for (var submit : submits) {
            HttpResponse<String> response = submit.join();
            assertThat(response.statusCode()).isEqualTo(202);
            jobIds.add(json(response.body()).get("jobId").asString());
        }
        var llm = runtimes.forStep(Step.LLM).orElseThrow();
        llm.stop();
        llm.start();

        for (String jobId : jobIds) {
            awaitStatus(jobId, "completed");
        }
    }

    // ---- operations: probes, metrics, logs ------------------------------------------------------------------------

    @Test
    void probesAnswerOnTheMainPort() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).get("status").asString()).isEqualTo("UP");

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/ready").statusCode() == 200);
        JsonNode ready = json(get("/ready").body());
        assertThat(ready.get("status").asString()).isEqualTo("READY");
        assertThat(ready.at("/checks/kafka/ready").asBoolean()).isTrue();
        assertThat(ready.at("/checks/steps/detail").asString()).contains("stt", "rag", "llm", "tts");
        assertThat(ready.at("/checks/resultStore/ready").asBoolean()).isTrue();
    }

    @Test
    void metricsAfterJobsHoldEveryFamilyOperatorsWatchAndTheExpositionParses() throws Exception {
        String done = json(post("/v1/chat", "{\"message\":\"How do I connect to the VPN?\"}")
                        .body())
                .get("jobId")
                .asString();
        String failed = json(post("/v1/chat", "{\"message\":\"Anything #mock-fail:rejected\"}")
                        .body())
                .get("jobId")
                .asString();
        awaitStatus(done, "completed");
        awaitStatus(failed, "failed");
        sse.read(uri("/v1/jobs/" + done + "/events"), null).done().join();

        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        PrometheusText metrics = PrometheusText.parse(scrape.body());

        assertThat(metrics.value("http_server_requests_seconds_count", "uri", "/v1/chat", "status", "202"))
                .isGreaterThanOrEqualTo(2);
        assertThat(metrics.has("http_server_requests_seconds_bucket", "uri", "/v1/chat"))
                .isTrue();
        assertThat(metrics.value("gateway_jobs_accepted_total", "route", "rag>llm"))
                .isGreaterThanOrEqualTo(2);
        assertThat(metrics.value("gateway_jobs_finished_total", "route", "rag>llm", "outcome", "completed"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("gateway_jobs_finished_total", "route", "rag>llm", "outcome", "failed"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.has("gateway_jobs_duration_seconds_bucket", "route", "rag>llm"))
                .isTrue();
        assertThat(metrics.value("gateway_step_duration_seconds_count", "step", "llm"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("gateway_provider_failures_total", "step", "llm", "code", "provider_rejected"))
                .isGreaterThanOrEqualTo(1);
        for (String step : List.of("stt", "rag", "llm", "tts")) {
            assertThat(metrics.value("gateway_step_consumer_lag", "step", step)).isBetween(0.0, 1e6);
        }
        assertThat(metrics.has("gateway_sse_open_streams")).isTrue();
        assertThat(metrics.has("gateway_blobs_bytes_total", "direction", "written"))
                .isTrue();
        assertThat(metrics.value("gateway_results_jobs")).isGreaterThanOrEqualTo(2);
        assertThat(metrics.value("gateway_llm_tokens_total", "kind", "completion", "model", "mock-grounded"))
                .isPositive();
        assertThat(metrics.families()).anyMatch(f -> f.startsWith("gateway_llm_cost"));

        // the Grafana dashboard shows only what the gateway exports
        String dashboard = Files.readString(projectRoot().resolve("infra/grafana/gateway-dashboard.json"));
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((?:gateway|http_server|jvm)_[a-z_]+)")
                .matcher(dashboard);
        while (names.find()) {
            assertThat(metrics.families())
                    .as("dashboard metric %s", names.group(1))
                    // a series of the family (gateway_jobs_finished_total), or a prefix the dashboard matches with a
                    // regular expression (gateway_llm_cost.*, whose unit suffix is the configured currency)
                    .anySatisfy(
                            family -> assertThat(names.group(1).startsWith(family) || family.startsWith(names.group(1)))
                                    .isTrue());
        }
    }

    @Test
    void aJobsLogLinesAcrossIngressAndWorkersShareItsCorrelationAndTraceIds() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger steps = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("io.aigateway.pipeline.step.StepRuntime");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level before = steps.getLevel();
        steps.setLevel(ch.qos.logback.classic.Level.DEBUG);
        root.addAppender(appender);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try {
            String jobId = json(post(
                                    "/v1/chat",
                                    "{\"message\":\"How do I reset my password?\"}",
                                    "X-Correlation-Id",
                                    "e2e-logs-1",
                                    "traceparent",
                                    "00-" + traceId + "-00f067aa0ba902b7-01")
                            .body())
                    .get("jobId")
                    .asString();
            awaitStatus(jobId, "completed");
        } finally {
            root.detachAppender(appender);
            steps.setLevel(before);
        }
        List<ch.qos.logback.classic.spi.ILoggingEvent> lines = List.copyOf(appender.list).stream()
                .filter(e -> "e2e-logs-1".equals(e.getMDCPropertyMap().get(Correlation.MDC_CORRELATION_ID)))
                .toList();
        assertThat(lines)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getLoggerName)
                .anyMatch(name -> name.startsWith("io.aigateway.ingress."))
                .anyMatch(name -> name.equals("io.aigateway.pipeline.step.StepRuntime"));
        assertThat(lines)
                .filteredOn(e -> e.getLoggerName().equals("io.aigateway.pipeline.step.StepRuntime"))
                .extracting(e -> e.getMDCPropertyMap().get(Correlation.MDC_STEP))
                .contains("rag", "llm");
        assertThat(lines)
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap().get(Correlation.MDC_TRACE_ID))
                        .isEqualTo(traceId));
        // no line of any logger holds what the user asked or what the gateway answered from the knowledge base: only
        // gateway.ingress.debug.log-content (off) would log them
        assertThat(List.copyOf(appender.list))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("reset my password") || line.contains("self-service portal"));
    }

    @Test
    void theRegistryListsTheProvidersOfEveryStepAndTheRoutes() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> answer = get("/v1/registry");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode registry = json(answer.body());
            for (String step : List.of("stt", "rag", "llm", "tts")) {
                assertThat(registry.at("/capabilities/" + step).isArray())
                        .as(step)
                        .isTrue();
                assertThat(registry.at("/capabilities/" + step).findValuesAsString("status"))
                        .as(step)
                        .contains("ready");
            }
            assertThat(registry.at("/capabilities/llm").findValuesAsString("name"))
                    .contains("mock");
            assertThat(registry.at("/capabilities/llm/0/models").toString()).contains("mock-grounded");
            assertThat(registry.get("routes").findValuesAsString("model")).contains("mock-grounded", "mock-chat");
        });
    }

    @Test
    void oneJobIsOneTraceFromTheRequestThroughEveryStep() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String clientSpan = "b7ad6b7169203331";
        String jobId = json(post(
                                "/v1/chat",
                                "{\"message\":\"Why is the printer offline?\"}",
                                "traceparent",
                                "00-" + traceId + "-" + clientSpan + "-01")
                        .body())
                .get("jobId")
                .asString();
        awaitStatus(jobId, "completed");
        tracing.flush();

        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
        assertThat(trace).extracting(SpanData::getName).contains("accept job", "step rag", "step llm");
        SpanData accept = named(trace, "accept job");
        SpanData rag = named(trace, "step rag");
        SpanData llm = named(trace, "step llm");
        assertThat(accept.getParentSpanId()).isEqualTo(clientSpan);
        assertThat(rag.getParentSpanId()).isEqualTo(accept.getSpanId());
        assertThat(llm.getParentSpanId()).isEqualTo(rag.getSpanId());
        assertThat(llm.getAttributes().asMap().toString()).contains(jobId, "mock");
    }

    private static SpanData named(List<SpanData> trace, String name) {
        return trace.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("project root above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private JsonNode awaitStatus(String jobId, String status) {
        return awaitStatus(jobId, status, true);
    }

    /** Waits for the job's status; a job that got its 202 from this ingress must never be answered 404 meanwhile. */
    private JsonNode awaitStatus(String jobId, String status, boolean acceptedHere) {
        List<JsonNode> last = new ArrayList<>(1);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(uri("/v1/jobs/" + jobId)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (!acceptedHere && r.statusCode() == 404) {
                        return false;
                    }
                    assertThat(r.statusCode())
                            .as("GET /v1/jobs/%s after 202", jobId)
                            .isEqualTo(200);
                    JsonNode node = json(r.body());
                    last.clear();
                    last.add(node);
                    return status.equals(node.get("status").asString());
                });
        return last.get(0);
    }

    private HttpResponse<String> post(String path, String body, String... headers)
            throws IOException, InterruptedException {
        return http.send(postRequest(path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return http.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest postRequest(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static JsonNode json(String body) {
        return Json.mapper().readTree(body);
    }

    /** Inclusive ranges of event ids. */
    static final class LongRange {
        static List<Long> of(long from, long to) {
            return IntStream.rangeClosed((int) from, (int) to)
                    .mapToObj(i -> (long) i)
                    .toList();
        }
    }
}
