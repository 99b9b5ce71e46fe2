package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.ingress.IngressApplication;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.limits.TenantUsage;
import io.aigateway.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/batches} against the tenant's limits, in the ingress as it runs on the test JVM's broker: the audio
 * of a batch, uploaded or fetched, counts against the tenant's upload quota, and a batch that would pass it is refused
 * whole with 403 {@code quota_exceeded} and {@code Retry-After}, nothing of it counted; each submission is one request
 * of the tenant's rate, refused (429) before anything is downloaded. The quota is 200 KB an hour; each recording is 2 s of 16 kHz mono WAV (64 KB as stored).
 */
@SpringBootTest(
        classes = IngressApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingress-api",
            "gateway.kafka.partitions=3",
            "gateway.ingress.tenant=batch-limits",
            "gateway.ingress.limits.tenants.batch-limits.upload-bytes-per-hour=200KB",
            "gateway.ingress.limits.tenants.batch-limits.requests-per-minute=2",
            "gateway.ingress.batches.fetch.allowed-hosts=127.0.0.1",
            "gateway.ingress.batches.fetch.allowed-networks=127.0.0.0/8"
        })
class BatchLimitsIT {

    static final byte[] TWO_SECONDS = BatchFeedIT.wav(16000, 32000, 440);
    static HttpServer media;

    @BeforeAll
    static void startMedia() throws IOException {
        media = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        media.createContext("/media/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, TWO_SECONDS.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(TWO_SECONDS);
            }
        });
        media.start();
    }

    @AfterAll
    static void stopMedia() {
        media.stop(0);
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("gateway.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
    }

    @LocalServerPort
    int port;

    @Autowired
    TenantUsage usage;

    @Autowired
    TenantPolicies policies;

    @BeforeEach
    void configuredLimits() {
        // an earlier test class's PUT /v1/admin/config may be on the shared broker's gw.config, and an admin's change
        // replaces the configured limits: this instance goes back to its own configuration, as before any change
        policies.apply(null);
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void uploadedAndFetchedAudioCountAgainstTheQuotaAndABatchOverItIsRefusedWhole() throws Exception {
        long before = usage.uploaded("batch-limits");
        HttpResponse<String> first = upload(2);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        long firstBytes = usage.uploaded("batch-limits") - before;
        assertThat(firstBytes).isGreaterThanOrEqualTo(2L * TWO_SECONDS.length - 200);

        // two more recordings would pass 200 KB: refused whole, nothing counted
        HttpResponse<String> second = upload(2);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(403);
        JsonNode problem = Json.mapper().readTree(second.body());
        assertThat(problem.get("code").asString()).isEqualTo("quota_exceeded");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        assertThat(usage.uploaded("batch-limits") - before).isEqualTo(firstBytes);

        // the same by URL: the fetched audio counts as uploaded audio does
        String url = "http://127.0.0.1:" + media.getAddress().getPort() + "/media/";
        HttpResponse<String> byUrl = post(Map.of("urls", List.of(url + "a.wav", url + "b.wav")));
        assertThat(byUrl.statusCode()).as(byUrl.body()).isEqualTo(403);
        assertThat(Json.mapper().readTree(byUrl.body()).get("code").asString()).isEqualTo("quota_exceeded");
        HttpResponse<String> one = post(Map.of("urls", List.of(url + "c.wav")));
        assertThat(one.statusCode()).as(one.body()).isEqualTo(202);

        // two a minute: the two accepted submissions (their items wait in the batch lane and take no room of the rate;
        // the refused submissions counted nothing). The next submission is over the rate, refused before any download
        HttpResponse<String> limited = post(Map.of("urls", List.of(url + "g.wav")));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(Json.mapper().readTree(limited.body()).get("code").asString())
                .isEqualTo("rate_limited");
    }

    private HttpResponse<String> upload(int files) throws Exception {
        String boundary = "limits-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < files; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call-" + i
                            + ".wav\"\r\nContent-Type: audio/wav\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(TWO_SECONDS);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batches"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Object json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batches"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(json)))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
