package io.aigateway.allinone.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.allinone.AllInOneApplication;
import io.aigateway.ingress.batches.IngestFeed;
import io.aigateway.ingress.batches.WebhookSigner;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.PipelineProperties;
import io.aigateway.pipeline.config.StepRuntimes;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepRuntime;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.pipeline.testing.TopicProbe;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.SpeechToTextSelection;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Batch transcription through the whole gateway on the test JVM's broker, with the real engines (FreeTTS speaks the
 * calls, Vosk transcribes them): a batch of 200 calls completes with every transcript exactly once while an stt worker
 * is stopped and replaced in the middle, its progress only rises, its results are one JSON line per item and its
 * subtitles parse; the signed webhook reaches a receiver that fails twice exactly once; the SSRF cases are refused with a
 * canary on loopback seeing nothing; a feed's record on gw.ingest becomes a batch and an invalid one a dead letter.
 *
 * <p>Test servers: the "allowed" media host and webhook receivers listen on 127.0.0.2 (the only network the test
 * configuration allows despite being loopback), the canary on 127.0.0.1.
 */
@SpringBootTest(classes = AllInOneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BatchEndToEndIT {

    static final int PORT = freePort();
    static final Duration BATCH_TIMEOUT = Duration.ofMinutes(6);
    static final String SIGNING_KEY = "test-signing-key-0123456789abcdef";
    static final List<String> CALLS = List.of(
            "I need to reset my password.",
            "Please call me back tomorrow morning.",
            "Can you unlock my account please?",
            "The printer is out of toner.",
            "Thank you for your help.");
    static final List<String> KEY_WORDS = List.of("password", "tomorrow morning", "account", "toner", "your help");

    static HttpServer allowed;
    static HttpServer canary;
    static final AtomicInteger canaryHits = new AtomicInteger();
    static final Map<String, byte[]> media = new ConcurrentHashMap<>();
    static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    static final AtomicInteger flakyCalls = new AtomicInteger();

    record Delivery(String path, int answered, Map<String, String> headers, byte[] body) {}

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        startServers();
        Path data = Files.createTempDirectory("gateway-batches");
        registry.add("server.port", () -> PORT);
        registry.add("gateway.local-broker.enabled", () -> false);
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("gateway.kafka.partitions", () -> 3);
        registry.add("gateway.pipeline.blob-root", () -> data.resolve("blobs").toString());
        registry.add("gateway.results.state-dir", () -> data.resolve("streams").toString());
        registry.add("gateway.ingress.auth.mode", () -> "none");
        // one upload of 200 spoken calls (the container's multipart limit is the speech upload limit)
        registry.add("gateway.ingress.speech.max-audio-bytes", () -> "64MB");
        registry.add("gateway.llm.mock.token-delay", () -> "0ms");
        registry.add(
                "gateway.stt.vosk.model-dir",
                () -> Path.of("target", "speech-models").toAbsolutePath().toString());
        // the hosts are listed so that their refusal comes from the address checks, not only from the list
        registry.add(
                "gateway.ingress.batches.fetch.allowed-hosts",
                () -> "127.0.0.2,localhost,127.0.0.1,169.254.169.254,10.0.0.1,metadata.google.internal");
        registry.add("gateway.ingress.batches.fetch.allowed-networks", () -> "127.0.0.2/32");
        // the webhook receivers too: webhooks have their own networks, the recordings' do not open them
        registry.add("gateway.ingress.batches.webhook.allowed-networks", () -> "127.0.0.2/32");
        registry.add("gateway.ingress.batches.webhook.signing-key", () -> SIGNING_KEY);
        registry.add("gateway.ingress.batches.webhook.initial-backoff", () -> "200ms");
        registry.add("gateway.ingress.batches.feeds.callcenter-eu.tenant", () -> "default");
    }

    static void startServers() throws IOException {
        if (allowed != null) {
            return;
        }
        canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canary.createContext("/", exchange -> {
            canaryHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        canary.start();
        allowed = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        allowed.createContext("/media/", exchange -> {
            byte[] body = media.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "audio/wav");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        allowed.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", canaryUrl("/stolen"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        allowed.createContext("/hooks/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/flaky") && flakyCalls.incrementAndGet() <= 2 ? 503 : 204;
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            deliveries.add(new Delivery(path, status, headers, body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        allowed.start();
    }

    @AfterAll
    static void stopServers() {
        allowed.stop(0);
        canary.stop(0);
    }

    static String allowedUrl(String path) {
        return "http://127.0.0.2:" + allowed.getAddress().getPort() + path;
    }

    static String canaryUrl(String path) {
        return "http://127.0.0.1:" + canary.getAddress().getPort() + path;
    }

    @Autowired
    StepRuntimes runtimes;

    @Autowired
    SpeechToTextSelection stt;

    @Autowired
    List<StepHandler> handlers;

    @Autowired
    KafkaSettings kafka;

    @Autowired
    PipelineProperties pipeline;

    @Autowired
    GatewayProducer producer;

    @Autowired
    JobEvents events;

    private final HttpClient http = HttpClient.newHttpClient();
    private static List<byte[]> clips;

    // ---- the tests ----

    @Test
    void twoHundredCallsCompleteOnceEachWhileAnSttWorkerIsReplacedAndTheWebhookArrivesOnce() throws Exception {
        List<byte[]> calls = clips();
        int total = 200;
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            files.add(calls.get(i % calls.size()));
        }
        HttpResponse<byte[]> submitted =
                send(multipart(files, Map.of("language", "en-US", "webhookUrl", allowedUrl("/hooks/flaky"))));
        assertThat(submitted.statusCode()).as(text(submitted)).isEqualTo(202);
        JsonNode accepted = json(submitted);
        String batch = accepted.get("batchId").asText();
        String secret = accepted.at("/webhook/secret").asText();
        assertThat(accepted.get("total").asInt()).isEqualTo(total);
        assertThat(secret).startsWith("whsec_");
        // read your writes: the batch is there at once
        assertThat(send(get("/v1/batches/" + batch)).statusCode()).isEqualTo(200);

        ProgressReader progress = new ProgressReader(batch);
        progress.start();

        // stop the stt worker in the middle of the batch and start another in its place
        awaitDone(batch, 30);
        StepRuntime first = runtimes.forStep(Step.STT).orElseThrow();
        first.stop();
        StepHandler stt =
                handlers.stream().filter(h -> h.step() == Step.STT).findFirst().orElseThrow();
        StepRuntime replacement =
                new StepRuntime(stt, pipeline.step(Step.STT), kafka, producer, events, new SimpleMeterRegistry());
        replacement.start();
        try {
            JsonNode done = awaitCompleted(batch);
            assertThat(done.at("/counts/completed").asInt()).as(done.toString()).isEqualTo(total);
            assertThat(done.at("/counts/failed").asInt()).isZero();
            assertThat(done.get("finishedAt")).isNotNull();
        } finally {
            replacement.stop();
            first.start();
        }

        // results: one JSON line per item, every index once, each clip's transcript the same every time it occurs
        String results = text(send(get("/v1/batches/" + batch + "/results")));
        List<JsonNode> lines =
                results.lines().map(l -> Json.mapper().readTree(l)).toList();
        assertThat(lines).hasSize(total);
        assertThat(lines.stream().map(l -> l.get("index").asInt()).toList())
                .containsExactlyElementsOf(
                        Stream.iterate(0, i -> i + 1).limit(total).toList());
        for (JsonNode line : lines) {
            assertThat(line.get("status").asText()).isEqualTo("completed");
            assertThat(line.get("attempt").asInt()).isZero();
            // the recognizer is not bit-for-bit repeatable across runs, so each transcript is checked for its call's
            // closing words
            assertThat(line.at("/transcript/text").asText())
                    .as("item %s", line.get("index"))
                    .contains(KEY_WORDS.get(line.get("index").asInt() % calls.size()));
            assertThat(line.at("/transcript/words")).isNotEmpty();
        }

        // subtitles a strict parser accepts, with the transcript's words
        for (int index : List.of(0, 1, 199)) {
            String srt = text(send(get("/v1/batches/" + batch + "/items/" + index + "/srt")));
            String vtt = text(send(get("/v1/batches/" + batch + "/items/" + index + "/vtt")));
            List<Subtitles.Cue> srtCues = Subtitles.srt(srt);
            List<Subtitles.Cue> vttCues = Subtitles.vtt(vtt);
            assertThat(srtCues).isNotEmpty().hasSameSizeAs(vttCues);
            String words =
                    String.join(" ", srtCues.stream().map(Subtitles.Cue::text).toList());
            assertThat(words).isEqualTo(lines.get(index).at("/transcript/text").asText());
        }

        // progress only rose, ended completed
        progress.join(60_000);
        assertThat(progress.ids).isNotEmpty();
        assertThat(progress.ids).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(progress.done).isSortedAccordingTo(Integer::compare);
        assertThat(progress.lastStatus).isEqualTo("completed");

        // the webhook: a receiver failing twice got it on the third attempt, signed, and exactly once answered 2xx
        awaitWebhook(batch);
        List<Delivery> mine = deliveries.stream()
                .filter(d -> new String(d.body(), StandardCharsets.UTF_8).contains(batch))
                .toList();
        assertThat(mine).extracting(Delivery::answered).containsExactly(503, 503, 204);
        assertThat(mine.stream().map(d -> d.headers().get("x-gateway-delivery")).distinct())
                .containsExactly(batch + "-r0");
        for (Delivery d : mine) {
            long timestamp = Long.parseLong(d.headers().get("x-gateway-timestamp"));
            assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
            assertThat(d.headers().get("x-gateway-signature"))
                    .isEqualTo(WebhookSigner.signature(secret, timestamp, d.body()));
            assertThat(d.headers().get("x-gateway-signature"))
                    .isNotEqualTo(WebhookSigner.signature(secret + "x", timestamp, d.body()));
        }
        JsonNode payload = Json.mapper().readTree(mine.get(2).body());
        assertThat(payload.get("completed").asInt()).isEqualTo(total);
        assertThat(canaryHits).hasValue(0);
    }

    @Test
    void ssrfCasesAreRefusedBeforeAnythingIsFetchedAndTheCanarySeesNoRequest() {
        int port = canary.getAddress().getPort();
        List<String> refused = List.of(
                "http://127.0.0.1:" + port + "/a.wav",
                "http://localhost:" + port + "/a.wav",
                "http://2130706433:" + port + "/a.wav",
                "http://0x7f000001:" + port + "/a.wav",
                "http://0x7f.0.0.1:" + port + "/a.wav",
                "http://0177.0.0.1:" + port + "/a.wav",
                "http://127.1:" + port + "/a.wav",
                "http://[::ffff:127.0.0.1]:" + port + "/a.wav",
                "http://[::1]:" + port + "/a.wav",
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/a.wav",
                "file:///etc/passwd",
                "ftp://127.0.0.2/a.wav",
                "gopher://127.0.0.2:" + port + "/",
                "http://user:secret@127.0.0.2:" + allowed.getAddress().getPort() + "/media/0.wav",
                "http://media.example.net/a.wav");
        for (String url : refused) {
            HttpResponse<byte[]> answer = send(postJson("/v1/batches", Map.of("urls", List.of(url))));
            assertThat(answer.statusCode()).as(url + ": " + text(answer)).isEqualTo(400);
            assertThat(json(answer).get("code").asText()).as(url).isEqualTo("url_not_allowed");
        }
        // one bad URL among good ones refuses the whole batch, nothing fetched
        HttpResponse<byte[]> mixed =
                send(postJson("/v1/batches", Map.of("urls", List.of(allowedUrl("/media/0.wav"), canaryUrl("/x.wav")))));
        assertThat(mixed.statusCode()).isEqualTo(400);
        // a webhook to loopback is refused too
        HttpResponse<byte[]> hook = send(postJson(
                "/v1/batches", Map.of("urls", List.of(allowedUrl("/media/0.wav")), "webhookUrl", canaryUrl("/hook"))));
        assertThat(hook.statusCode()).isEqualTo(400);
        assertThat(json(hook).get("code").asText()).isEqualTo("url_not_allowed");

        // an allowed host that redirects to loopback: accepted, the item fails, the redirect is not followed
        HttpResponse<byte[]> redirected =
                send(postJson("/v1/batches", Map.of("urls", List.of(allowedUrl("/redirect")))));
        assertThat(redirected.statusCode()).as(text(redirected)).isEqualTo(202);
        assertThat(json(redirected).at("/items/0/error/code").asText()).isEqualTo("redirect_not_followed");
        assertThat(canaryHits).hasValue(0);
    }

    @Test
    void urlsAreFetchedFromTheAllowedHostAndAFailedItemCanBeRetried() throws Exception {
        List<byte[]> calls = clips();
        media.put("/media/0.wav", calls.get(0));
        HttpResponse<byte[]> submitted = send(postJson(
                "/v1/batches",
                Map.of(
                        "urls",
                        List.of(
                                allowedUrl("/media/0.wav"),
                                Map.of("url", allowedUrl("/media/late.wav"), "name", "late")),
                        "postCall",
                        "summary")));
        assertThat(submitted.statusCode()).as(text(submitted)).isEqualTo(202);
        String batch = json(submitted).get("batchId").asText();
        assertThat(json(submitted).at("/items/1/error/code").asText()).isEqualTo("fetch_failed");
        awaitCompleted(batch);
        List<JsonNode> failed = text(send(get("/v1/batches/" + batch + "/results?status=failed")))
                .lines()
                .map(l -> Json.mapper().readTree(l))
                .toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).at("/error/code").asText()).isEqualTo("fetch_failed");

        // the recording appears; a retry downloads it again and runs it as attempt 1. It is double-clicked: the
        // second of the two requeues nothing, and the item runs once
        media.put("/media/late.wav", calls.get(1));
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> click =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> send(postJson("/v1/batches/" + batch + "/retry", Map.of())));
        HttpResponse<byte[]> other = send(postJson("/v1/batches/" + batch + "/retry", Map.of()));
        List<HttpResponse<byte[]>> clicks = List.of(click.join(), other);
        HttpResponse<byte[]> retried = clicks.stream()
                .filter(r -> r.statusCode() == 202)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no retry was accepted: " + text(other)));
        HttpResponse<byte[]> again = clicks.get(clicks.get(0) == retried ? 1 : 0);
        assertThat(json(retried).get("retried").toString()).isEqualTo("[1]");
        assertThat(json(retried).get("requeued").asInt()).isEqualTo(1);
        assertThat(again.statusCode()).as(text(again)).isEqualTo(200);
        assertThat(json(again).get("requeued").asInt()).isZero();
        assertThat(json(again).get("alreadyQueued").toString()).isEqualTo("[1]");
        // until the retry is folded the batch still reads as it ended: wait for the retried item's end too
        JsonNode done = awaitCompleted(batch, 2);
        assertThat(done.at("/counts/completed").asInt()).isEqualTo(2);
        List<JsonNode> lines = text(send(get("/v1/batches/" + batch + "/results")))
                .lines()
                .map(l -> Json.mapper().readTree(l))
                .toList();
        assertThat(lines).extracting(l -> l.get("attempt").asInt()).containsExactly(0, 1);
        assertThat(lines.get(0).get("summary").asText()).isNotBlank();
        // the retried item's job was published once: one envelope of attempt 1 in its batch lane
        String retriedJob = lines.get(1).get("jobId").asText();
        assertThat(retriedJob).isEqualTo(batch + "-1-1");
        assertThat(recordsOf("gw.step.stt.batch", batch + "-1", retriedJob)).isEqualTo(1);
        assertThat(send(postJson("/v1/batches/" + batch + "/retry", Map.of())).statusCode())
                .isEqualTo(409);
        assertThat(send(get("/v1/batches/bat_unknownunknownunknownunknown")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFeedRecordOnGwIngestBecomesABatchAndAnInvalidOneADeadLetter() throws Exception {
        media.put("/media/feed.wav", clips().get(2));
        String requestId = "req-" + System.nanoTime();
        String record = Json.mapper()
                .writeValueAsString(Map.of(
                        "schemaVersion",
                        1,
                        "feedId",
                        "callcenter-eu",
                        "requestId",
                        requestId,
                        "recordings",
                        List.of(Map.of("url", allowedUrl("/media/feed.wav")))));
        String unknownFeed = record.replace("callcenter-eu", "nobody");
        String refusedUrl = record.replace(allowedUrl("/media/feed.wav"), canaryUrl("/feed.wav"))
                .replace(requestId, requestId + "-x");
        publish("gw.ingest", requestId, record);
        publish("gw.ingest", requestId + "-u", unknownFeed);
        publish("gw.ingest", requestId + "-x", refusedUrl);
        publish("gw.ingest", requestId, record); // the same request again: the same batch

        String batch = IngestFeed.batchIdOf("callcenter-eu", requestId);
        JsonNode done = awaitCompleted(batch);
        assertThat(done.get("source").asText()).isEqualTo("ingest:callcenter-eu");
        assertThat(done.get("total").asInt()).isEqualTo(1);
        assertThat(done.at("/counts/completed").asInt()).isEqualTo(1);
        assertThat(dltReason(requestId + "-u")).contains("unknown feed 'nobody'");
        assertThat(dltReason(requestId + "-x")).contains("loopback");
        assertThat(canaryHits).hasValue(0);
    }

    /**
     * The benchmark behind docs/benchmarks.md (Batches), run on demand: {@code -Dbatch.bench=true}. In one run: the
     * engine alone on the batch's clips (one at a time, then two at a time), interactive transcriptions with the gateway
     * idle, a batch through the gateway (its throughput in hours of audio per hour) and interactive transcriptions
     * while that batch runs.
     */
    @Test
    @EnabledIfSystemProperty(named = "batch.bench", matches = "true")
    void benchmark() throws Exception {
        List<byte[]> calls = clips();
        int items = Integer.getInteger("batch.bench.items", 100);
        int interactive = Integer.getInteger("batch.bench.interactive", 20);
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            files.add(calls.get(i % calls.size()));
        }
        double audioSeconds = files.stream()
                .mapToDouble(w -> io.aigateway.audio.WavDecoder.header(w).durationSeconds())
                .sum();
        // warm up the engine and the gateway
        for (byte[] clip : calls) {
            stt.engine()
                    .transcribe(new TranscriptionRequest(clip, "audio/wav", "en-US"), PartialTranscriptListener.NONE);
        }
        interactiveLatencies(calls, 3);

        long started = System.nanoTime();
        for (byte[] clip : files) {
            stt.engine()
                    .transcribe(new TranscriptionRequest(clip, "audio/wav", "en-US"), PartialTranscriptListener.NONE);
        }
        double engineOne = (System.nanoTime() - started) / 1e9;
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        started = System.nanoTime();
        List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
        for (byte[] clip : files) {
            runs.add(two.submit(() -> stt.engine()
                    .transcribe(new TranscriptionRequest(clip, "audio/wav", "en-US"), PartialTranscriptListener.NONE)));
        }
        for (java.util.concurrent.Future<?> run : runs) {
            run.get();
        }
        double engineTwo = (System.nanoTime() - started) / 1e9;
        two.shutdown();

        List<Double> idle = interactiveLatencies(calls, interactive);

        HttpResponse<byte[]> submitted = send(multipart(files, Map.of("language", "en-US")));
        assertThat(submitted.statusCode()).as(text(submitted)).isEqualTo(202);
        String batch = json(submitted).get("batchId").asText();
        awaitDone(batch, 1);
        List<Double> during = interactiveLatencies(calls, interactive);
        JsonNode stillRunning = json(send(get("/v1/batches/" + batch)));
        JsonNode done = awaitCompleted(batch);
        double batchWall = Duration.between(
                                Instant.parse(done.get("createdAt").asText()),
                                Instant.parse(done.get("finishedAt").asText()))
                        .toMillis()
                / 1000.0;

        System.out.printf(
                java.util.Locale.ROOT,
                "%n== batch benchmark (%d items, %.1f s of audio, %d clips of %s) ==%n"
                        + "engine alone, 1 at a time: %.1f s -> %.0f h of audio per hour%n"
                        + "engine alone, 2 at a time: %.1f s -> %.0f h of audio per hour%n"
                        + "gateway batch (batch lane, default settings): %.1f s from 202 to the last item -> %.0f h of"
                        + " audio per hour%n"
                        + "interactive /v1/speech/transcriptions, gateway idle: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n"
                        + "interactive while the batch ran: p50 %.0f ms, p95 %.0f ms, max %.0f ms (batch at %d of %d when"
                        + " they ended)%n",
                items,
                audioSeconds,
                calls.size(),
                CALLS,
                engineOne,
                audioSeconds / engineOne,
                engineTwo,
                audioSeconds / engineTwo,
                batchWall,
                audioSeconds / batchWall,
                pct(idle, 50),
                pct(idle, 95),
                pct(idle, 100),
                pct(during, 50),
                pct(during, 95),
                pct(during, 100),
                stillRunning.get("done").asInt(),
                items);
        assertThat(done.at("/counts/completed").asInt()).isEqualTo(items);
    }

    /** Submit-to-completed times (the job's own createdAt to its last update) of transcriptions one after another. */
    private List<Double> interactiveLatencies(List<byte[]> calls, int count) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<byte[]> answer = send(to("/v1/speech/transcriptions?language=en-US")
                    .header("Content-Type", "audio/wav")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(calls.get(i % calls.size()))));
            assertThat(answer.statusCode()).isEqualTo(202);
            String job = json(answer).get("jobId").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                HttpResponse<byte[]> state = send(get("/v1/jobs/" + job));
                if (state.statusCode() == 200
                        && json(state).get("status").asText().equals("completed")) {
                    JsonNode s = json(state);
                    millis.add((double) Duration.between(
                                    Instant.parse(s.get("createdAt").asText()),
                                    Instant.parse(s.get("updatedAt").asText()))
                            .toMillis());
                    break;
                }
                assertThat(System.nanoTime()).as("job " + job + " in time").isLessThan(deadline);
                sleep(20);
            }
        }
        return millis;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // ---- helpers ----

    private String dltReason(String key) {
        ConsumerRecord<byte[], byte[]> dead = TopicProbe.awaitRecord(
                kafka,
                "gw.dlt",
                r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)),
                Duration.ofSeconds(60));
        assertThat(new String(dead.headers().lastHeader("x-dlt-original-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo("gw.ingest");
        return new String(dead.headers().lastHeader("x-dlt-error-message").value(), StandardCharsets.UTF_8);
    }

    /** Records of the topic under this key whose value names the job, read from the start to the end now. */
    private long recordsOf(String topic, String key, String jobId) {
        long found = 0;
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(kafka.readerConfig("batch-it-reader"))) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null
                            && key.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && new String(r.value(), StandardCharsets.UTF_8).contains("\"" + jobId + "\"")) {
                        found++;
                    }
                }
            }
        }
        return found;
    }

    private void publish(String topic, String key, String value) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)))
                .join();
    }

    /** A few calls spoken by the gateway's own voice (FreeTTS through /v1/speech/synthesis), made once. */
    private synchronized List<byte[]> clips() {
        if (clips != null) {
            return clips;
        }
        List<byte[]> spoken = new ArrayList<>();
        for (String call : CALLS) {
            HttpResponse<byte[]> answer = send(postJson("/v1/speech/synthesis", Map.of("text", call)));
            assertThat(answer.statusCode()).as(text(answer)).isEqualTo(202);
            String job = json(answer).get("jobId").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            HttpResponse<byte[]> audio;
            do {
                sleep(200);
                audio = send(get("/v1/jobs/" + job + "/audio"));
            } while (audio.statusCode() != 200 && System.nanoTime() < deadline);
            assertThat(audio.statusCode()).isEqualTo(200);
            spoken.add(audio.body());
        }
        clips = Collections.unmodifiableList(spoken);
        return clips;
    }

    private void awaitDone(String batch, int done) {
        long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> answer = send(get("/v1/batches/" + batch));
            if (answer.statusCode() == 200 && json(answer).get("done").asInt() >= done) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("batch " + batch + " did not reach " + done + " items");
    }

    JsonNode awaitCompleted(String batch) {
        return awaitCompleted(batch, 0);
    }

    /** Until the batch reads completed with at least {@code completedItems} items completed. */
    JsonNode awaitCompleted(String batch, int completedItems) {
        long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> answer = send(get("/v1/batches/" + batch));
            if (answer.statusCode() == 200
                    && json(answer).get("status").asText().equals("completed")
                    && json(answer).at("/counts/completed").asInt() >= completedItems) {
                return json(answer);
            }
            sleep(250);
        }
        throw new AssertionError("batch " + batch + " did not complete within " + BATCH_TIMEOUT);
    }

    private void awaitWebhook(String batch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode state = json(send(get("/v1/batches/" + batch)));
            if (state.at("/webhook/delivered").asBoolean(false)) {
                assertThat(state.at("/webhook/attempts").asInt()).isEqualTo(3);
                return;
            }
            sleep(200);
        }
        throw new AssertionError("the webhook of " + batch + " was not delivered");
    }

    /** Reads the batch's progress stream to its end, keeping each event's id, done count and status. */
    final class ProgressReader extends Thread {
        final String batch;
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final List<Integer> done = new CopyOnWriteArrayList<>();
        volatile String lastStatus;

        ProgressReader(String batch) {
            this.batch = batch;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                HttpResponse<Stream<String>> stream = http.send(
                        get("/v1/batches/" + batch + "/events")
                                .timeout(BATCH_TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
                stream.body().forEach(line -> {
                    if (line.startsWith("id:")) {
                        ids.add(Long.parseLong(line.substring(3).strip()));
                    } else if (line.startsWith("data:")) {
                        JsonNode view = Json.mapper().readTree(line.substring(5).strip());
                        done.add(view.get("done").asInt());
                        lastStatus = view.get("status").asText();
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private HttpRequest.Builder multipart(List<byte[]> files, Map<String, String> fields) {
        String boundary = "batch-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < files.size(); i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call-" + i
                            + ".wav\"\r\nContent-Type: audio/wav\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(files.get(i));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return to("/v1/batches")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path));
    }

    static HttpRequest.Builder get(String path) {
        return to(path).GET();
    }

    static HttpRequest.Builder postJson(String path, Object body) {
        return to(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        return Json.mapper().readTree(response.body());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
