package io.aigateway.ingress.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.ingress.IngressApplication;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Property: whatever malformed, over-size or mistyped request a client sends to the job endpoints, the answer is one
 * of 400, 413, 415 or 429, with a problem body, and nothing reaches Kafka. The ingress runs as it does on its own, on
 * the test JVM's broker; every request carries a correlation id that is then looked for on every step topic.
 */
class BadRequestsPropertyTest {

    private static final String PREFIX = "bad-request-";
    private static final AtomicInteger sent = new AtomicInteger();
    private static ConfigurableApplicationContext ingress;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A request and what makes it bad. */
    record BadRequest(String path, String contentType, byte[] body, String why) {
        @Override
        public String toString() {
            return why + " to " + path + " (" + contentType + ", " + body.length + " bytes)";
        }
    }

    @BeforeContainer
    static void start() {
        ingress = new SpringApplicationBuilder(IngressApplication.class)
                .properties("spring.config.name=ingress-api")
                .run(
                        "--server.port=0",
                        "--gateway.kafka.bootstrap-servers=" + System.getProperty("spring.embedded.kafka.brokers"),
                        "--gateway.kafka.partitions=3",
                        "--gateway.kafka.client-id-prefix=bad-requests",
                        "--gateway.ingress.auth.mode=none");
        port = ((WebServerApplicationContext) ingress).getWebServer().getPort();
    }

    @AfterContainer
    static void stopAndCheckNothingReachedKafka() {
        KafkaSettings kafka = ingress.getBean(KafkaSettings.class);
        ingress.close();
        Set<String> leaked = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.readerConfig("bad-requests-check"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Step step : Step.values()) {
                consumer.partitionsFor(Topics.step(step).name())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.partitionsFor(Topics.EVENTS.name())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header correlation = record.headers().lastHeader(Headers.CORRELATION_ID);
                    if (correlation != null) {
                        String id = new String(correlation.value(), StandardCharsets.UTF_8);
                        if (id.startsWith(PREFIX)) {
                            leaked.add(id);
                        }
                    }
                }
            }
        }
        assertThat(sent.get()).isPositive();
        assertThat(leaked).as("bad requests whose jobs reached Kafka").isEmpty();
    }

    @Property(tries = 150)
    void aBadRequestIsRefusedWithAProblemAndNothingReachesKafka(@ForAll("badRequests") BadRequest bad)
            throws Exception {
        String correlation = PREFIX + sent.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + bad.path()))
                .timeout(Duration.ofSeconds(30))
                .header("X-Correlation-Id", correlation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(bad.toString()).isIn(400, 413, 415, 429);
        assertThat(answer.headers().firstValue("Content-Type"))
                .as(bad.toString())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"code\"");
    }

    @Provide
    Arbitrary<BadRequest> badRequests() {
        Arbitrary<String> path = Arbitraries.of("/v1/chat", "/v1/jobs");
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
        return Arbitraries.oneOf(
                // bytes that are not JSON
                Combinators.combine(
                                path,
                                Arbitraries.bytes()
                                        .array(byte[].class)
                                        .ofMinSize(1)
                                        .ofMaxSize(200))
                        .as((p, b) -> new BadRequest(p, "application/json", notJson(b), "random bytes")),
                // valid JSON cut short
                Combinators.combine(path, text, Arbitraries.integers().between(1, 20))
                        .as((p, t, cut) -> {
                            byte[] full = chat(p, t);
                            int keep = Math.max(1, full.length - cut);
                            return new BadRequest(
                                    p, "application/json", java.util.Arrays.copyOf(full, keep), "truncated JSON");
                        }),
                // a valid body with a type the endpoints do not take
                Combinators.combine(path, text, Arbitraries.of("text/plain", "application/xml", "multipart/form-data"))
                        .as((p, t, type) -> new BadRequest(p, type, chat(p, t), "wrong media type " + type)),
                // over the body limit (256 KB by default)
                path.map(p -> new BadRequest(p, "application/json", oversize(p), "over the body limit")),
                // nested deeper than any request can be
                Combinators.combine(path, Arbitraries.integers().between(600, 5_000))
                        .as((p, depth) ->
                                new BadRequest(p, "application/json", nested(depth), "JSON nested " + depth + " deep")),
                // well-formed JSON the endpoints cannot run
                path.flatMap(p -> Arbitraries.of(
                                "{}",
                                "[]",
                                "null",
                                "{\"message\":\"\"}",
                                "{\"message\":\"   \"}",
                                "{\"route\":[],\"input\":{\"text\":\"x\"}}",
                                "{\"route\":[\"nope\"],\"input\":{\"text\":\"x\"}}",
                                "{\"route\":[\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\"],"
                                        + "\"input\":{\"text\":\"x\"}}",
                                "{\"route\":[\"llm\"]}",
                                "{\"message\":\"x\",\"options\":{\"maxTokens\":-5}}",
                                "{\"message\":\"x\",\"options\":{\"maxTokens\":10000000}}")
                        .map(json -> new BadRequest(
                                p, "application/json", json.getBytes(StandardCharsets.UTF_8), "unrunnable " + json))));
    }

    private static byte[] chat(String path, String text) {
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
        String json = path.equals("/v1/chat")
                ? "{\"message\":\"" + escaped + "x\"}"
                : "{\"route\":[\"llm\"],\"input\":{\"text\":\"" + escaped + "x\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Random bytes made sure not to be JSON: a leading byte no JSON document starts with. */
    private static byte[] notJson(byte[] random) {
        byte[] body = new byte[random.length + 1];
        body[0] = '#';
        System.arraycopy(random, 0, body, 1, random.length);
        return body;
    }

    private static byte[] oversize(String path) {
        return chat(path, "a".repeat(300 * 1024));
    }

    private static byte[] nested(int depth) {
        return ("{\"message\":\"x\",\"extra\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
