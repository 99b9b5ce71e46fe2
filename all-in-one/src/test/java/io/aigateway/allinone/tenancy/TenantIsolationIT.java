package io.aigateway.allinone.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.allinone.AllInOneApplication;
import io.aigateway.allinone.TestGateway;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two tenants on the whole gateway with API keys on: every endpoint that takes an id (jobs, their events and audio,
 * documents, batches with their events, results, subtitles and retry) answers another tenant's id exactly as it
 * answers an unknown one, whatever tenant headers the caller adds; the tenant of a job comes from the key
 * alone, and a tenant's job list holds its own jobs only; a tenant's upload quota refuses with 403 and {@code Retry-After}, and the refused upload starts nothing.
 */
@SpringBootTest(classes = AllInOneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class TenantIsolationIT {

    private static final int PORT = TestGateway.freePort();
    private static final String ADMIN_KEY = "gwk_7e4a11c0ffee0042_" + "T".repeat(43);
    /** Headers a caller might hope the gateway trusts for its tenant. */
    private static final Map<String, String> SPOOFED = Map.of(
            "X-Tenant-Id", "acme",
            "X-Tenant", "acme",
            "X-Ms-Client-Principal-Name", "acme",
            "Forwarded", "for=acme");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestGateway.register(registry, PORT, "tenants");
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("gateway.llm.mock.token-delay", () -> "0ms");
        registry.add("gateway.rag.sample-kb.enabled", () -> false);
        registry.add("gateway.ingress.auth.mode", () -> "api-keys");
        registry.add("gateway.ingress.auth.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("gateway.ingress.auth.generate-admin-key", () -> false);
        registry.add("gateway.ingress.limits.tenants.globex.upload-bytes-per-hour", () -> "150KB");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEndpointThatTakesAnIdAnswersAnotherTenantsIdAsAnUnknownOne() throws Exception {
        String acme = newKey("acme", "client");
        String globex = newKey("globex", "operator"); // a stronger role than acme's key: still not acme's data

        String chat = accepted(send(acme, "POST", "/v1/chat", json(Map.of("message", "How do I reset my VPN token?"))));
        String speech = accepted(send(
                acme,
                "POST",
                "/v1/speech/synthesis",
                json(Map.of("text", "Your ticket has been escalated to the network team."))));
        HttpResponse<String> document = send(
                acme,
                "POST",
                "/v1/rag/documents",
                json(Map.of("id", "kb-remote-7", "title", "VPN at Acme", "text", "Acme's VPN token resets weekly.")));
        assertThat(document.statusCode()).as(document.body()).isBetween(200, 202);
        awaitCompleted(acme, chat);
        awaitCompleted(acme, speech);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        send(acme, "GET", "/v1/rag/documents/kb-remote-7", null).statusCode() == 200);
        String batch = batchOf(acme, audioOf(acme, speech));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> json(send(acme, "GET", "/v1/batches/" + batch, null)
                                .body())
                        .get("status")
                        .asString()
                        .equals("completed"));

        List<Probe> probes = List.of(
                new Probe("GET", "/v1/jobs/%s", chat),
                new Probe("GET", "/v1/jobs/%s/events", chat),
                new Probe("GET", "/v1/jobs/%s/audio", speech),
                new Probe("GET", "/v1/rag/documents/%s", "kb-remote-7"),
                new Probe("GET", "/v1/batches/%s", batch),
                new Probe("GET", "/v1/batches/%s/events", batch),
                new Probe("GET", "/v1/batches/%s/results", batch),
                new Probe("GET", "/v1/batches/%s/items/0/srt", batch),
                new Probe("GET", "/v1/batches/%s/items/0/vtt", batch),
                new Probe("POST", "/v1/batches/%s/retry", batch),
                new Probe("DELETE", "/v1/rag/documents/%s", "kb-remote-7"));
        for (Probe probe : probes) {
            if (probe.method().equals("GET")) {
                HttpResponse<String> own = send(acme, probe.method(), probe.path(probe.id()), null);
                assertThat(own.statusCode()).as("%s as its owner", probe).isEqualTo(200);
            }
            HttpResponse<String> unknown = send(globex, probe.method(), probe.path(unknownLike(probe.id())), null);
            HttpResponse<String> foreign = send(globex, probe.method(), probe.path(probe.id()), null, SPOOFED);

            assertThat(unknown.statusCode()).as("%s with an unknown id", probe).isEqualTo(404);
            assertThat(foreign.statusCode()).as("%s as another tenant", probe).isEqualTo(unknown.statusCode());
            assertThat(shape(foreign.body(), probe.id()))
                    .as("%s as another tenant answers as for an unknown id", probe)
                    .isEqualTo(shape(unknown.body(), unknownLike(probe.id())));
            assertThat(foreign.body()).doesNotContain("acme", "VPN", "escalated");
        }
        // globex's DELETE left acme's document in place, and globex's list does not show it
        assertThat(send(acme, "GET", "/v1/rag/documents/kb-remote-7", null).statusCode())
                .isEqualTo(200);
        assertThat(send(globex, "GET", "/v1/rag/documents", null, SPOOFED).body())
                .doesNotContain("kb-remote-7");

        // a job submitted with acme's headers but globex's key is globex's
        String spoofedJob =
                accepted(send(globex, "POST", "/v1/chat", json(Map.of("message", "Whose job is this?")), SPOOFED));
        awaitCompleted(globex, spoofedJob);
        assertThat(send(acme, "GET", "/v1/jobs/" + spoofedJob, null).statusCode())
                .isEqualTo(404);
        assertThat(json(send(globex, "GET", "/v1/jobs/" + spoofedJob, null).body())
                        .get("tenantId")
                        .asString())
                .isEqualTo("globex");

        // each tenant's list holds its own jobs only, newest first, a page at a time
        await().atMost(Duration.ofSeconds(30))
                .until(() -> listed(globex, "?limit=100").contains(spoofedJob));
        List<String> acmeJobs = listed(acme, "?limit=100");
        assertThat(acmeJobs).contains(chat, speech).doesNotContain(spoofedJob);
        assertThat(acmeJobs.indexOf(speech)).isLessThan(acmeJobs.indexOf(chat));
        List<String> globexJobs = listed(globex, "?limit=100");
        assertThat(globexJobs).contains(spoofedJob).doesNotContainAnyElementsOf(acmeJobs);
        JsonNode firstPage = json(send(acme, "GET", "/v1/jobs?limit=1", null).body());
        assertThat(firstPage.get("jobs")).hasSize(1);
        String next = firstPage.get("next").asString();
        assertThat(firstPage.get("links").get("next").asString()).isEqualTo("/v1/jobs?before=" + next + "&limit=1");
        assertThat(listed(acme, "?limit=1&before=" + next)).isEqualTo(acmeJobs.subList(1, 2));
        assertThat(listed(acme, "?limit=100&before=" + next)).isEqualTo(acmeJobs.subList(1, acmeJobs.size()));
        JsonNode completed = json(
                send(acme, "GET", "/v1/jobs?status=completed&limit=100", null).body());
        assertThat(completed.get("jobs").valueStream().map(j -> j.get("status").asString()))
                .isNotEmpty()
                .containsOnly("completed");
        for (String bad : List.of("?limit=0", "?limit=101", "?limit=ten", "?status=done", "?before=not-a-cursor")) {
            HttpResponse<String> refused = send(acme, "GET", "/v1/jobs" + bad, null);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(refused.body()).get("code").asString()).as(bad).isEqualTo("invalid_request");
        }
    }

    /** The job ids of a tenant's list, in its order. */
    private List<String> listed(String key, String query) throws Exception {
        return json(send(key, "GET", "/v1/jobs" + query, null, SPOOFED).body())
                .get("jobs")
                .valueStream()
                .map(j -> j.get("jobId").asString())
                .toList();
    }

    @Test
    void aTenantOverItsUploadQuotaGets403WithRetryAfterAndNothingStarts() throws Exception {
        String acme = newKey("acme", "client");
        String globex = newKey("globex", "client");
        String speech = accepted(send(
                acme,
                "POST",
                "/v1/speech/synthesis",
                json(Map.of("text", "Please hold while I transfer your call to the billing department."))));
        awaitCompleted(acme, speech);
        byte[] wav = audioOf(acme, speech);
        assertThat(wav.length).isBetween(60_000, 150_000); // under globex's 150 KB an hour once, not twice

        HttpResponse<String> first = upload(globex, wav);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        HttpResponse<String> second = upload(globex, wav);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(403);
        assertThat(json(second.body()).get("code").asString()).isEqualTo("quota_exceeded");
        assertThat(Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(3000L, 3600L);
        assertThat(upload(acme, wav).statusCode()).as("another tenant's quota").isEqualTo(202);
    }

    private byte[] audioOf(String key, String jobId) throws Exception {
        return http.send(
                        request(key, "GET", "/v1/jobs/" + jobId + "/audio", null, Map.of()),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    /** A batch of one recording, uploaded as multipart. */
    private String batchOf(String key, byte[] wav) throws Exception {
        String boundary = "tenancy-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call.wav\"\r\n"
                                + "Content-Type: audio/wav\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(wav);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/batches"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> accepted = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json(accepted.body()).get("batchId").asString();
    }

    private HttpResponse<String> upload(String key, byte[] wav) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/speech/transcriptions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wav))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private record Probe(String method, String template, String id) {
        String path(String anId) {
            return template.formatted(anId);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** An id of the same form that names nothing. */
    private static String unknownLike(String id) {
        if (id.startsWith("job_") || id.startsWith("bat_")) {
            return id.substring(0, 4) + "0".repeat(id.length() - 4);
        }
        return "unknown-doc";
    }

    /** The problem's fields with the id (and per-request values) taken out, for comparing two answers. */
    private static String shape(String body, String id) {
        JsonNode problem = json(body);
        List<String> fields = new ArrayList<>();
        problem.properties().forEach(field -> {
            String name = field.getKey();
            String value = field.getValue().isString()
                    ? field.getValue().asString()
                    : field.getValue().toString();
            if (name.equals("correlationId") || name.equals("traceId") || name.equals("timestamp")) {
                value = "*";
            }
            fields.add(name + "=" + value.replace(id, "<id>"));
        });
        return String.join("\n", fields.stream().sorted().toList());
    }

    private String newKey(String tenant, String role) throws Exception {
        HttpResponse<String> created =
                send(ADMIN_KEY, "POST", "/v1/admin/keys", json(Map.of("tenant", tenant, "role", role)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created.body()).get("key").asString();
        // every instance (here, the one) reads the new key from gw.config within moments
        await().atMost(Duration.ofSeconds(15))
                .until(() -> send(key, "GET", "/v1/models", null).statusCode() == 200);
        return key;
    }

    private String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("jobId").asString();
    }

    private void awaitCompleted(String key, String jobId) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> state = send(key, "GET", "/v1/jobs/" + jobId, null);
                    return state.statusCode() == 200
                            && json(state.body()).get("status").asString().equals("completed");
                });
    }

    private HttpResponse<String> send(String key, String method, String path, String body) throws Exception {
        return send(key, method, path, body, Map.of());
    }

    private HttpResponse<String> send(String key, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        return http.send(request(key, method, path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(
            String key, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (path.endsWith("/events")) {
            request.header("Accept", "text/event-stream");
        }
        headers.forEach(request::header);
        return request.build();
    }

    private static String json(Map<String, ?> value) {
        return Json.mapper().writeValueAsString(value);
    }

    private static JsonNode json(String body) {
        return Json.mapper().readTree(body);
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + PORT + path);
    }
}
