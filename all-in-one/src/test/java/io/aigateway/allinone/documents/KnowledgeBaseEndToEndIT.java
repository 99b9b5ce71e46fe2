package io.aigateway.allinone.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.allinone.AllInOneApplication;
import io.aigateway.allinone.TestGateway;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.rag.lucene.LuceneRetrieverProvider;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The knowledge base through the whole gateway on the test JVM's broker: the sample articles answer a new user's first
 * question; a document posted over HTTP is listed, retrieved by a chat job and gone after its delete; and a second
 * tenant's documents (published straight to Kafka, as the ingress is single-tenant for now) reach only that tenant's
 * jobs.
 */
@SpringBootTest(classes = AllInOneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class KnowledgeBaseEndToEndIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        int port = TestGateway.freePort();
        TestGateway.register(registry, port, "kb");
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("gateway.llm.mock.token-delay", () -> "0ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    GatewayProducer producer;

    @Autowired
    JobEvents jobEvents;

    @Autowired
    JobQueries jobs;

    @Autowired
    LuceneRetrieverProvider lucene;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSampleKnowledgeBaseAnswersANewUsersFirstQuestion() throws Exception {
        JsonNode job = chat("I forgot my password, how do I reset it?");

        JsonNode first = job.at("/result/passages/0");
        assertThat(first.get("documentId").asString()).isEqualTo("kb-password-reset");
        assertThat(first.get("source").asString()).isEqualTo("sample-kb");
        assertThat(first.get("title").asString()).isEqualTo("Reset a forgotten password");
        assertThat(job.at("/steps/0/provider").asString()).isEqualTo("lucene");
        assertThat(job.at("/result/answer/text").asString()).isNotBlank();
        JsonNode ready =
                json(send(HttpRequest.newBuilder(uri("/ready")).build()).body());
        assertThat(ready.at("/checks/ragIndex/ready").asBoolean()).isTrue();
    }

    @Test
    void aPostedDocumentIsListedRetrievedAndGoneAfterItsDelete() throws Exception {
        String id = "kb-zorblax-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/v1/rag/documents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper()
                        .writeValueAsString(java.util.Map.of(
                                "id",
                                id,
                                "title",
                                "Zorblax espresso machine",
                                "html",
                                "<html><body><h1>Zorblax</h1><p>The Zorblax espresso machine on floor 9 is"
                                        + " descaled every Tuesday by facilities.</p><script>alert(1)</script>"
                                        + "</body></html>")))));
        assertThat(posted.statusCode()).isEqualTo(202);

        HttpResponse<String> list =
                send(HttpRequest.newBuilder(uri("/v1/rag/documents")).build());
        assertThat(json(list.body()).get("documents").findValuesAsString("id")).contains(id);
        assertThat(send(HttpRequest.newBuilder(uri("/v1/rag/documents/" + id)).build())
                        .statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lucene.index().documents("default").containsKey(id));
        JsonNode found = chat("when is the zorblax espresso machine descaled?");
        assertThat(found.at("/result/passages/0/documentId").asString()).isEqualTo(id);
        assertThat(found.at("/result/passages/0/text").asString()).doesNotContain("alert", "<p>");

        HttpResponse<String> deleted = send(
                HttpRequest.newBuilder(uri("/v1/rag/documents/" + id)).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(send(HttpRequest.newBuilder(uri("/v1/rag/documents/" + id)).build())
                        .statusCode())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !lucene.index().documents("default").containsKey(id));
        JsonNode after = chat("when is the zorblax espresso machine descaled?");
        assertThat(after.get("result").findValuesAsString("documentId")).doesNotContain(id);
    }

    @Test
    void anotherTenantsDocumentsReachOnlyThatTenantsJobs() throws Exception {
        String other = "tenant-b-" + UUID.randomUUID().toString().substring(0, 8);
        String fact = "The Quokka badge printer for visitors is in the basement next to the loading dock.";
        RagDocument secret = RagDocument.inline(
                other, "kb-quokka", "Quokka badge printer", RagDocument.PLAIN, fact, "api", Instant.now());
        producer.send(Topics.DOCUMENTS, secret.key(), secret, null).join();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lucene.index().documents(other).containsKey("kb-quokka"));
        String question = "where is the quokka badge printer for visitors?";

        JsonNode mine = chat(question);
        JobState theirs = runStraightFromKafka(other, question);

        assertThat(mine.get("result").findValuesAsString("documentId")).doesNotContain("kb-quokka");
        assertThat(mine.toString()).doesNotContain("Quokka badge printer");
        assertThat(theirs.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(theirs.result().passages()).extracting(Passage::documentId).containsExactly("kb-quokka");
        // and the other tenant does not see the sample knowledge base of the default tenant either
        JobState theirsAboutPasswords = runStraightFromKafka(other, "I forgot my password, how do I reset it?");
        assertThat(theirsAboutPasswords.result().passages())
                .extracting(Passage::documentId)
                .doesNotContain("kb-password-reset");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A rag-only job for a tenant the ingress does not serve, published as the ingress would publish it. */
    private JobState runStraightFromKafka(String tenant, String question) {
        String jobId = "job_kb_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        JobEnvelope job = JobEnvelope.create(
                jobId,
                jobId,
                tenant,
                null,
                now,
                now.plusSeconds(60),
                List.of(Step.RAG),
                JobInput.ofText(question),
                JobOptions.defaults());
        Correlation correlation = Correlation.of(job, TraceParent.newTrace());
        producer.sendEvent(jobEvents.accepted(job), correlation).join();
        producer.sendEnvelope(job, correlation).join();
        List<JobState> done = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                // a gateway closed by the test class before leaves its store partitions unowned for a moment
                .ignoreExceptionsInstanceOf(io.aigateway.results.query.JobStoreUnavailableException.class)
                .until(() -> jobs.job(jobId)
                        .filter(s -> s.status() == JobStatus.COMPLETED || s.status() == JobStatus.FAILED)
                        .map(done::add)
                        .orElse(false));
        return done.get(0);
    }

    private JsonNode chat(String message) throws Exception {
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/v1/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Json.mapper().writeValueAsString(java.util.Map.of("message", message))))
                .build());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = json(accepted.body()).get("jobId").asString();
        List<JsonNode> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode state = json(send(HttpRequest.newBuilder(uri("/v1/jobs/" + jobId))
                                    .build())
                            .body());
                    last.clear();
                    last.add(state);
                    return state.get("status").asString().equals("completed");
                });
        return last.get(0);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static JsonNode json(String body) {
        return Json.mapper().readTree(body);
    }
}
