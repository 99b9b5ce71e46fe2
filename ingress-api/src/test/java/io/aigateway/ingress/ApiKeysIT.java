package io.aigateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.ingress.auth.ApiKey;
import io.aigateway.ingress.auth.ApiKeyRegistry;
import io.aigateway.ingress.auth.Caller;
import io.aigateway.ingress.auth.Role;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.control.ProviderHealth;
import io.aigateway.pipeline.control.RegistryAnnouncer;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.TopicProbe;
import io.aigateway.schemas.config.RegistryEntry;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The ingress with API keys on, on the test JVM's broker: the tenant comes from the key alone, another tenant's job
 * is the same 404 as an unknown one whatever headers say, roles guard the admin API, and a revoked key stops working
 * on another instance reading the same {@code gw.config} within seconds.
 */
@SpringBootTest(
        classes = IngressApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingress-api",
            "gateway.kafka.partitions=3",
            "gateway.ingress.auth.mode=api-keys",
            "gateway.ingress.auth.bootstrap-admin-key=" + ApiKeysIT.ADMIN_KEY
        })
@Import(IngressApplicationIT.ResultStoreOfTheTest.class)
class ApiKeysIT {

    static final String ADMIN_KEY = "gwk_a1b2c3d4e5f60718_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("gateway.kafka.bootstrap-servers", () -> System.getProperty("spring.embedded.kafka.brokers"));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaSettings kafka;

    @Autowired
    GatewayProducer producer;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutAValidKeyEveryV1RequestIsRefusedInTheShapeItsClientsRead() throws Exception {
        HttpResponse<String> none = send("GET", "/v1/jobs/job_x", null, null, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(none.body()).get("code").asString()).isEqualTo("unauthorized");

        HttpResponse<String> forged =
                send("GET", "/v1/jobs/job_x", "gwk_a1b2c3d4e5f60718_" + "B".repeat(43), null, Map.of());
        assertThat(forged.statusCode()).isEqualTo(401);

        HttpResponse<String> openAi = send("POST", "/v1/chat/completions", "not-a-key", "{}", Map.of());
        assertThat(openAi.statusCode()).isEqualTo(401);
        assertThat(json(openAi.body()).at("/error/code").asString()).isEqualTo("invalid_api_key");
    }

    @Test
    void aTenantSeesItsOwnJobsAndAnotherTenantsJobIsTheSame404AsAnUnknownOne() throws Exception {
        String acme = createKey("acme", "client");
        String globex = createKey("globex", "client");

        HttpResponse<String> accepted = send("POST", "/v1/chat", acme, "{\"message\":\"reset my password\"}", Map.of());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = json(accepted.body()).get("jobId").asString();

        assertThat(send("GET", "/v1/jobs/" + jobId, acme, null, Map.of()).statusCode())
                .isEqualTo(200);
        for (String path : new String[] {"/v1/jobs/" + jobId, "/v1/jobs/" + jobId + "/events"}) {
            HttpResponse<String> other =
                    send("GET", path, globex, null, Map.of("X-Tenant-Id", "acme", "Tenant", "acme"));
            HttpResponse<String> unknown = send("GET", path.replace(jobId, "job_doesnotexist"), globex, null, Map.of());
            assertThat(other.statusCode()).as(path).isEqualTo(404);
            assertThat(json(other.body()).get("code").asString())
                    .isEqualTo(json(unknown.body()).get("code").asString());
            assertThat(other.body()).doesNotContain("reset my password");
        }
    }

    @Test
    void clientAndOperatorKeysAreRefusedOnTheAdminApi() throws Exception {
        for (String role : new String[] {"client", "operator"}) {
            String key = createKey("acme", role);
            HttpResponse<String> refused = send("GET", "/v1/admin/keys", key, null, Map.of());
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
            assertThat(json(refused.body()).get("code").asString()).isEqualTo("forbidden");
        }
        String client = createKey("acme", "client");
        for (String disguised : new String[] {"/v1/admin;x/keys", "/v1/%61dmin/keys", "/v1//admin/keys"}) {
            assertThat(send("GET", disguised, client, null, Map.of()).statusCode())
                    .as("a client key on %s", disguised)
                    .isNotIn(200, 201, 204);
        }
        HttpResponse<String> list = send("GET", "/v1/admin/keys?tenant=acme", ADMIN_KEY, null, Map.of());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("secret\":").doesNotContain("gwk_");
    }

    @Test
    void clientKeysAreRefusedOnOperatorEndpointsThatOperatorsAndAdminsRead() throws Exception {
        HttpResponse<String> refused = send("GET", "/v1/ops/usage", createKey("acme", "client"), null, Map.of());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).get("code").asString()).isEqualTo("forbidden");

        String operator = createKey("acme", "operator");
        send("POST", "/v1/chat", operator, "{\"message\":\"count me\"}", Map.of());
        for (String key : new String[] {operator, ADMIN_KEY}) {
            HttpResponse<String> usage = send("GET", "/v1/ops/usage?tenant=acme", key, null, Map.of());
            assertThat(usage.statusCode()).isEqualTo(200);
            JsonNode acme = json(usage.body()).get("tenants").get(0);
            assertThat(acme.get("tenant").asString()).isEqualTo("acme");
            assertThat(acme.get("usage").get("jobsLastMinute").asInt()).isPositive();
            assertThat(acme.get("limits").has("uploadBytesPerHour")).isTrue();
        }
    }

    @Test
    void aRotationGraceOutOfRangeIsABadRequestAndASecondRotationNeverLengthensTheOldKey() throws Exception {
        String key = createKey("acme", "client");
        String keyId = ApiKey.parse(key).orElseThrow().keyId();
        for (String grace : new String[] {"-1", "9223372036854775807"}) {
            HttpResponse<String> bad = send(
                    "POST",
                    "/v1/admin/keys/" + keyId + "/rotate",
                    ADMIN_KEY,
                    "{\"graceSeconds\":" + grace + "}",
                    Map.of());
            assertThat(bad.statusCode()).as(grace).isEqualTo(400);
            assertThat(bad.body()).contains("graceSeconds");
        }
        send("POST", "/v1/admin/keys/" + keyId + "/rotate", ADMIN_KEY, "{\"graceSeconds\":60}", Map.of());
        send("POST", "/v1/admin/keys/" + keyId + "/rotate", ADMIN_KEY, "{\"graceSeconds\":86400}", Map.of());
        JsonNode old = json(send("GET", "/v1/admin/keys/" + keyId, ADMIN_KEY, null, Map.of())
                .body());
        assertThat(java.time.Instant.parse(old.get("expiresAt").asString()))
                .isBefore(java.time.Instant.now().plusSeconds(61));
    }

    @Test
    void aRotatedKeyHandsOverToItsSuccessorAndARevokedOneStopsAtOnce() throws Exception {
        String key = createKey("acme", "client");
        String keyId = ApiKey.parse(key).orElseThrow().keyId();

        HttpResponse<String> rotated =
                send("POST", "/v1/admin/keys/" + keyId + "/rotate", ADMIN_KEY, "{\"graceSeconds\":0}", Map.of());
        assertThat(rotated.statusCode()).isEqualTo(201);
        String successor = json(rotated.body()).get("key").asString();
        assertThat(send("GET", "/v1/jobs/job_x", key, null, Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/v1/jobs/job_x", successor, null, Map.of()).statusCode())
                .isEqualTo(404);

        String successorId = json(rotated.body()).get("keyId").asString();
        assertThat(send("DELETE", "/v1/admin/keys/" + successorId, ADMIN_KEY, null, Map.of())
                        .statusCode())
                .isEqualTo(204);
        assertThat(send("GET", "/v1/jobs/job_x", successor, null, Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(send("DELETE", "/v1/admin/keys/nosuchkey1", ADMIN_KEY, null, Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aKeyMadeOrRevokedOnOneInstanceCountsOnAnotherWithinSeconds() throws Exception {
        GatewayConfigView otherConfig = new GatewayConfigView(kafka, producer, "other-instance");
        ApiKeyRegistry otherInstance = new ApiKeyRegistry(otherConfig, Clock.systemUTC(), Duration.ofSeconds(10));
        otherConfig.start();
        otherInstance.start();
        try {
            String key = createKey("initech", "operator");
            ApiKey parsed = ApiKey.parse(key).orElseThrow();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> otherInstance
                            .authenticate(parsed)
                            .equals(Optional.of(new Caller(parsed.keyId(), "initech", Role.OPERATOR))));

            send("DELETE", "/v1/admin/keys/" + parsed.keyId(), ADMIN_KEY, null, Map.of());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> otherInstance.authenticate(parsed).isEmpty());
        } finally {
            otherInstance.stop();
            otherConfig.stop();
        }
    }

    @Test
    void badKeyRequestsAreProblemsWithTheFieldsNamed() throws Exception {
        HttpResponse<String> bad =
                send("POST", "/v1/admin/keys", ADMIN_KEY, "{\"tenant\":\"a b\",\"role\":\"root\"}", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("tenant", "role");
    }

    @Test
    void adminsChangeLimitsAndRedactionAtRunTimeWithOptimisticVersions() throws Exception {
        String acme = createKey("limited-co", "client");
        HttpResponse<String> current = send("GET", "/v1/admin/config", ADMIN_KEY, null, Map.of());
        assertThat(current.statusCode()).isEqualTo(200);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        assertThat(send("GET", "/v1/admin/config", acme, null, Map.of()).statusCode())
                .isEqualTo(403);

        String change = "{\"limits\":{\"defaults\":{},\"tenants\":{\"limited-co\":{\"requestsPerMinute\":2}}},"
                + "\"pii\":{\"redactByDefault\":false,\"tenants\":{\"limited-co\":true}}}";
        assertThat(send("PUT", "/v1/admin/config", ADMIN_KEY, change, Map.of()).statusCode())
                .isEqualTo(428);
        HttpResponse<String> put = send("PUT", "/v1/admin/config", ADMIN_KEY, change, Map.of("If-Match", etag));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long version = json(put.body()).get("version").asLong();
        assertThat(put.headers().firstValue("ETag")).contains("\"" + version + "\"");
        assertThat(json(put.body()).get("updatedBy").asString()).isEqualTo("a1b2c3d4e5f60718");

        HttpResponse<String> stale = send("PUT", "/v1/admin/config", ADMIN_KEY, change, Map.of("If-Match", etag));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale.body()).get("code").asString()).isEqualTo("config_version_conflict");

        String jobId = json(send("POST", "/v1/chat", acme, "{\"message\":\"mail me at jo@acme.io\"}", Map.of())
                        .body())
                .get("jobId")
                .asString();
        assertThat(send("POST", "/v1/chat", acme, "{\"message\":\"two\"}", Map.of())
                        .statusCode())
                .isEqualTo(202);
        HttpResponse<String> third = send("POST", "/v1/chat", acme, "{\"message\":\"three\"}", Map.of());
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();

        ConsumerRecord<byte[], byte[]> envelope = TopicProbe.awaitRecord(
                kafka,
                Topics.step(Step.RAG).name(),
                r -> jobId.equals(
                        new String(r.headers().lastHeader(Headers.JOB_ID).value(), StandardCharsets.UTF_8)),
                Duration.ofSeconds(30));
        assertThat(Topics.ENVELOPE
                        .deserialize(envelope.topic(), envelope.value())
                        .options()
                        .redactPii())
                .isTrue();
    }

    @Test
    void anInvalidConfigurationChangesNothingAndNamesItsFields() throws Exception {
        HttpResponse<String> current = send("GET", "/v1/admin/config", ADMIN_KEY, null, Map.of());
        String etag = current.headers().firstValue("ETag").orElseThrow();
        String bad = "{\"llm\":{\"routes\":[{\"model\":\"m\"},{\"model\":\"m\"}]},"
                + "\"limits\":{\"defaults\":{\"requestsPerMinute\":-1},\"tenants\":{}}}";
        HttpResponse<String> refused = send("PUT", "/v1/admin/config", ADMIN_KEY, bad, Map.of("If-Match", etag));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_config", "llm.routes", "limits.defaults");
        assertThat(send("GET", "/v1/admin/config", ADMIN_KEY, null, Map.of())
                        .headers()
                        .firstValue("ETag"))
                .contains(etag);
    }

    @Test
    void theRegistryMergesWhatEveryInstanceAnnouncesAndMarksFailingProviders() throws Exception {
        ProviderHealth health = new ProviderHealth(Clock.systemUTC());
        RegistryAnnouncer speech = new RegistryAnnouncer(
                "tts-worker",
                List.of(() -> List.of(
                        new RegistryEntry.Provider(
                                "tts", "freetts", "ready", null, null, List.of("kevin16"), List.of("en-US")),
                        new RegistryEntry.Provider(
                                "tts", "azure-speech", "unconfigured", "no region or endpoint", null, null, null))),
                health,
                producer,
                Clock.systemUTC());
        RegistryAnnouncer llm = new RegistryAnnouncer(
                "llm-worker",
                List.of(() -> List.of(
                        new RegistryEntry.Provider("llm", "azure", "ready", null, List.of("gpt-4o"), null, null))),
                health,
                producer,
                Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            health.failed("llm", "azure");
        }
        speech.start();
        llm.start();
        try {
            String client = createKey("acme", "client");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode registry =
                        json(send("GET", "/v1/registry", client, null, Map.of()).body());
                assertThat(registry.at("/capabilities/tts/0/name").asString()).isEqualTo("azure-speech");
                assertThat(registry.at("/capabilities/tts/0/status").asString()).isEqualTo("unconfigured");
                assertThat(registry.at("/capabilities/tts/1/status").asString()).isEqualTo("ready");
                assertThat(registry.at("/capabilities/tts/1/voices/0").asString())
                        .isEqualTo("kevin16");
                assertThat(registry.at("/capabilities/llm/0/status").asString()).isEqualTo("failing");
            });
        } finally {
            speech.stop();
            llm.stop();
        }
    }

    private String createKey(String tenant, String role) throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/v1/admin/keys",
                ADMIN_KEY,
                "{\"tenant\":\"" + tenant + "\",\"role\":\"" + role + "\",\"name\":\"test\"}",
                Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created.body());
        assertThat(body.get("tenant").asString()).isEqualTo(tenant);
        return body.get("key").asString();
    }

    private HttpResponse<String> send(String method, String path, String key, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        Map<String, String> extra = new LinkedHashMap<>(headers);
        extra.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) {
        return Json.mapper().readTree(body);
    }
}
