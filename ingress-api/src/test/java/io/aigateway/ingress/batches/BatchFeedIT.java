package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.ingress.IngressApplication;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.results.ResultStoreUnavailableException;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.testing.TopicProbe;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.batch.IngestRequest;
import io.aigateway.schemas.config.GatewayConfig;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The feed on {@code gw.ingest} and the webhook URL policy, in the ingress as it runs, on the test JVM's broker.
 * Recordings come from a media server on loopback, which this ingress may fetch from ({@code fetch.allowed-networks:
 * 127.0.0.0/8}, as for an on-premises store); the same server's webhook path is a canary that must never be called,
 * since no network is open to webhooks. The result store's batch queries are played by the test (an empty store that
 * can be made to fail a few times, as a store that does not answer).
 */
@SpringBootTest(
        classes = IngressApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingress-api",
            "gateway.kafka.partitions=3",
            "gateway.ingress.batches.fetch.allowed-hosts=127.0.0.1",
            "gateway.ingress.batches.fetch.allowed-networks=127.0.0.0/8",
            // each download has 800 ms; a request's downloads together twice that (FetchLimits)
            "gateway.ingress.batches.fetch.timeout=800ms",
            "gateway.ingress.batches.feeds.careful-feed.tenant=careful",
            "gateway.ingress.batches.feeds.relaxed-feed.tenant=relaxed"
        })
@Import(BatchFeedIT.StoreOfTheTest.class)
class BatchFeedIT {

    static HttpServer media;
    static final AtomicInteger canaryHits = new AtomicInteger();
    static final AtomicInteger stalledHits = new AtomicInteger();

    @TestConfiguration(proxyBeanMethods = false)
    static class StoreOfTheTest {
        @Bean
        FlakyBatchStore flakyBatchStore() {
            return new FlakyBatchStore();
        }
    }

    /** Knows no batch; fails the next few queries of a batch when told to. */
    static final class FlakyBatchStore implements BatchQueries {
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

        @Override
        public Optional<BatchState> batch(String batchId) {
            asked.computeIfAbsent(batchId, id -> new AtomicInteger()).incrementAndGet();
            AtomicInteger left = failures.get(batchId);
            if (left != null && left.getAndDecrement() > 0) {
                throw new ResultStoreUnavailableException("the result store did not answer (test)", null);
            }
            return Optional.empty();
        }

        @Override
        public List<BatchItemState> items(String batchId) {
            return List.of();
        }
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("gateway.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
    }

    @BeforeAll
    static void startMedia() throws IOException {
        byte[] wav = wav(16000, 8000, 440);
        media = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        media.createContext("/media/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, wav.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(wav);
            }
        });
        media.createContext("/missing/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        // starts a recording and never finishes it
        media.createContext("/stalled/", exchange -> {
            stalledHits.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, 64_000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[100]);
                out.flush();
                Thread.sleep(5_000);
            } catch (InterruptedException | IOException e) {
                // the test ended or the gateway hung up
            }
        });
        media.createContext("/hooks/", exchange -> {
            canaryHits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        media.setExecutor(Executors.newCachedThreadPool());
        media.start();
    }

    @AfterAll
    static void stopMedia() {
        media.stop(0);
    }

    static String mediaUrl(String path) {
        return "http://127.0.0.1:" + media.getAddress().getPort() + path;
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaSettings kafka;

    @Autowired
    TenantPolicies policies;

    @Autowired
    FlakyBatchStore store;

    @Autowired
    WebhookSender webhooks;

    @Autowired
    WebhookSigner signer;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFeedBatchIsRedactedWhenItsTenantsPolicySaysSoAsAPostedOneIs() throws Exception {
        // what an admin's PUT /v1/admin/config would say, applied to this instance only
        policies.apply(new GatewayConfig(
                SchemaVersion.CURRENT,
                1,
                Clock.systemUTC().instant(),
                "test",
                null,
                policies.limitsDocument(),
                new GatewayConfig.Pii(false, Map.of("careful", true))));
        String requestId = "pii-" + System.nanoTime();
        List<IngestRequest.Recording> call = List.of(new IngestRequest.Recording(mediaUrl("/media/call.wav"), "call"));
        publish(requestId, IngestRequest.of("careful-feed", requestId, call));
        publish(requestId, IngestRequest.of("relaxed-feed", requestId, call));

        BatchManifest careful = manifest(IngestFeed.batchIdOf("careful-feed", requestId));
        BatchManifest relaxed = manifest(IngestFeed.batchIdOf("relaxed-feed", requestId));
        assertThat(careful.tenantId()).isEqualTo("careful");
        assertThat(careful.items())
                .singleElement()
                .satisfies(i -> assertThat(i.audio()).isNotNull());
        assertThat(careful.options().redactPii()).isTrue();
        assertThat(relaxed.tenantId()).isEqualTo("relaxed");
        assertThat(relaxed.options().redactPii()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void aRequestRefusedForGoodGoesToTheDeadLettersAndOneThatMeetsAPassingFaultIsTriedAgain() throws Exception {
        // 300 recordings with 2 KB URLs that all answer 404: 300 failed items whose manifest is far over 900 KB
        String longName = "x".repeat(1900);
        List<IngestRequest.Recording> huge = IntStream.range(0, 300)
                .mapToObj(i -> new IngestRequest.Recording(mediaUrl("/missing/" + i + longName + ".wav"), null))
                .toList();
        String tooLarge = "large-" + System.nanoTime();
        publish(tooLarge, IngestRequest.of("relaxed-feed", tooLarge, huge));

        String flaky = "flaky-" + System.nanoTime();
        String flakyBatch = IngestFeed.batchIdOf("relaxed-feed", flaky);
        store.failures.put(flakyBatch, new AtomicInteger(2));
        publish(
                flaky,
                IngestRequest.of(
                        "relaxed-feed",
                        flaky,
                        List.of(new IngestRequest.Recording(mediaUrl("/media/flaky.wav"), null))));

        ConsumerRecord<byte[], byte[]> dead = deadLetter(tooLarge);
        assertThat(header(dead, "x-dlt-error-message")).startsWith("batch_too_large: ");
        assertThat(header(dead, "x-dlt-original-topic")).isEqualTo("gw.ingest");

        BatchManifest recovered = manifest(flakyBatch);
        assertThat(recovered.items())
                .singleElement()
                .satisfies(i -> assertThat(i.audio()).isNotNull());
        assertThat(store.asked.get(flakyBatch)).hasValueGreaterThanOrEqualTo(3);
        assertThat(deadLettersOf(flaky)).isEmpty();
    }

    @Test
    void aRequestWhoseRecordingsAreAlwaysTooSlowGoesToTheDeadLettersAfterAFewTries() throws Exception {
        // six recordings, two at a time, each cut off at 800 ms: the request's 1.6 s are up before the last pair
        String slow = "slow-" + System.nanoTime();
        publish(
                slow,
                IngestRequest.of(
                        "relaxed-feed",
                        slow,
                        IntStream.range(0, 6)
                                .mapToObj(i -> new IngestRequest.Recording(mediaUrl("/stalled/" + slow + i), null))
                                .toList()));

        ConsumerRecord<byte[], byte[]> dead = deadLetter(slow);

        assertThat(header(dead, "x-dlt-error-message"))
                .startsWith("fetch_timeout: ")
                .contains(IngestFeed.MAX_FETCH_TIMEOUTS + " tries");
        assertThat(deadLettersOf(slow)).hasSize(1);
    }

    @Test
    void aNetworkOpenToRecordingsStaysClosedToWebhooks() throws Exception {
        String hook = mediaUrl("/hooks/canary");
        HttpResponse<String> answer = post(
                "/v1/batches",
                Json.mapper()
                        .writeValueAsString(Map.of(
                                "urls", List.of(Map.of("url", mediaUrl("/media/posted.wav"))), "webhookUrl", hook)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("url_not_allowed");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("webhookUrl");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("loopback");

        String requestId = "hook-" + System.nanoTime();
        publish(
                requestId,
                new IngestRequest(
                        SchemaVersion.CURRENT,
                        "relaxed-feed",
                        requestId,
                        List.of(new IngestRequest.Recording(mediaUrl("/media/fed.wav"), null)),
                        null,
                        null,
                        null,
                        null,
                        hook));
        assertThat(header(deadLetter(requestId), "x-dlt-error-message")).contains("webhookUrl refused", "loopback");

        // and at delivery, should a batch carry such a URL from before
        WebhookSender.Outcome outcome = webhooks.deliver(
                        hook, signer.secretOf("bat_x"), "bat_x-r0", "{}".getBytes(StandardCharsets.UTF_8))
                .get();
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.error()).startsWith("refused: ").contains("loopback");
        assertThat(canaryHits).hasValue(0);
    }

    // ---- helpers ----

    private void publish(String key, IngestRequest request) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.INGEST.name(),
                            key.getBytes(StandardCharsets.UTF_8),
                            Json.mapper().writeValueAsBytes(request)))
                    .get();
        }
    }

    private BatchManifest manifest(String batchId) {
        ConsumerRecord<byte[], byte[]> record = TopicProbe.awaitRecord(
                kafka,
                Topics.BATCHES.name(),
                r -> r.key() != null && batchId.equals(new String(r.key(), StandardCharsets.UTF_8)),
                Duration.ofSeconds(60));
        BatchRecord value = Topics.BATCH_RECORD.deserialize(record.topic(), record.value());
        assertThat(value).isInstanceOf(BatchManifest.class);
        return (BatchManifest) value;
    }

    private ConsumerRecord<byte[], byte[]> deadLetter(String key) {
        return TopicProbe.awaitRecord(
                kafka,
                Topics.DLT.name(),
                r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)),
                Duration.ofSeconds(60));
    }

    /** Every record of the dead-letter topic under this key, read to its end now. */
    private List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String key) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.readerConfig("dlt-reader"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLT.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A tone as 16-bit mono PCM WAV. */
    static byte[] wav(int rate, int frames, double hz) {
        ByteBuffer pcm = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            pcm.putShort((short) (Math.sin(2 * Math.PI * hz * i / rate) * 8000));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + frames * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(frames * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }
}
