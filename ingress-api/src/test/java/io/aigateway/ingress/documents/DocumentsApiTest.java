package io.aigateway.ingress.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aigateway.ingress.correlation.CorrelationFilter;
import io.aigateway.ingress.jobs.BodyLimitFilter;
import io.aigateway.ingress.problems.IngressProblemHandler;
import io.aigateway.ingress.tenancy.SingleTenantResolver;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/**
 * The knowledge-base API on MockMvc over Kafka's {@link MockProducer}: what reaches {@code gw.documents} (documents
 * keyed by tenant and id, large ones by blob reference, tombstones), the limits and their problem codes, and the list
 * from the catalog (fed as the topic would feed it), per tenant.
 */
class DocumentsApiTest {

    @TempDir
    Path blobRoot;

    private MockProducer<byte[], byte[]> kafka;
    private DocumentPublisher publisher;
    private final DocumentCatalog catalog = new DocumentCatalog(KafkaSettings.local("localhost:1"));
    private FileSystemBlobStore blobs;

    private MockMvc mvc(String tenant, boolean brokerAcknowledges) {
        kafka = new MockProducer<>(brokerAcknowledges, null, new ByteArraySerializer(), new ByteArraySerializer());
        DocumentProperties limits = new DocumentProperties(
                DataSize.ofKilobytes(100),
                DataSize.ofKilobytes(4),
                50,
                3,
                Duration.ofMillis(brokerAcknowledges ? 5_000 : 300),
                Duration.ofMillis(10));
        publisher = new DocumentPublisher(new GatewayProducer(kafka), limits);
        blobs = new FileSystemBlobStore(blobRoot);
        DocumentsController controller = new DocumentsController(
                catalog, publisher, blobs, new SingleTenantResolver(tenant), limits, Clock.systemUTC());
        return MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(new IngressProblemHandler())
                .addFilters(new CorrelationFilter(), new BodyLimitFilter(256 * 1024))
                .build();
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    private ResultActions async(MockMvc mvc, RequestBuilder request) throws Exception {
        MvcResult started =
                mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started));
    }

    private List<ProducerRecord<byte[], byte[]>> published() {
        return kafka.history();
    }

    private RagDocument value(ProducerRecord<byte[], byte[]> record) {
        return Topics.DOCUMENT.deserialize(record.topic(), record.value());
    }

    @Test
    void aJsonMarkdownDocumentIsPublishedKeyedByTenantAndId() throws Exception {
        MockMvc mvc = mvc("acme", true);

        async(
                        mvc,
                        post("/v1/rag/documents")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"id\":\"kb-vpn\",\"title\":\"VPN\",\"markdown\":\"# VPN\\nUse the client.\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/rag/documents/kb-vpn"))
                .andExpect(jsonPath("$.id").value("kb-vpn"))
                .andExpect(jsonPath("$.stored").value("inline"));

        assertThat(published()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = published().get(0);
        assertThat(record.topic()).isEqualTo("gw.documents");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acme/kb-vpn");
        RagDocument doc = value(record);
        assertThat(doc.tenantId()).isEqualTo("acme");
        assertThat(doc.contentType()).isEqualTo("text/markdown");
        assertThat(doc.text()).isEqualTo("# VPN\nUse the client.");
        assertThat(doc.title()).isEqualTo("VPN");
        assertThat(doc.source()).isEqualTo("api");
    }

    @Test
    void aRawHtmlBodyGetsAnIdAndALargeOneGoesToTheBlobStore() throws Exception {
        MockMvc mvc = mvc("acme", true);
        String html = "<html><body>" + "<p>Printers on every floor.</p>".repeat(300) + "</body></html>";

        MvcResult result = async(
                        mvc,
                        post("/v1/rag/documents?title=Printers")
                                .contentType("text/html; charset=utf-8")
                                .content(html))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.stored").value("blob"))
                .andReturn();

        RagDocument doc = value(published().get(0));
        assertThat(result.getResponse().getContentAsString()).contains(doc.documentId());
        assertThat(doc.documentId()).startsWith("doc_");
        assertThat(doc.contentType()).isEqualTo("text/html");
        assertThat(doc.text()).isNull();
        assertThat(doc.blob().size()).isEqualTo(html.length());
        assertThat(new String(blobs.read(doc.blob()), StandardCharsets.UTF_8)).isEqualTo(html);
        assertThat(published().get(0).value().length).isLessThan(1000);
    }

    @Test
    void badDocumentsAreRefusedWithStableCodesAndPublishNothing() throws Exception {
        MockMvc mvc = mvc("acme", true);

        refuse(
                mvc,
                post("/v1/rag/documents")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"),
                400,
                "missing_input");
        refuse(
                mvc,
                post("/v1/rag/documents")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"a\",\"html\":\"<p>b</p>\"}"),
                400,
                "invalid_request");
        refuse(
                mvc,
                post("/v1/rag/documents")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\":\"../etc/passwd\",\"text\":\"a\"}"),
                400,
                "invalid_request");
        refuse(mvc, post("/v1/rag/documents").contentType("text/plain").content("   "), 400, "missing_input");
        refuse(
                mvc,
                post("/v1/rag/documents").contentType("text/plain").content("x".repeat(101 * 1024)),
                413,
                "payload_too_large");
        // no mapping consumes it, so Spring answers before any handler (the problem body is the application's)
        mvc.perform(post("/v1/rag/documents").contentType("application/pdf").content(new byte[] {1, 2}))
                .andExpect(status().isUnsupportedMediaType());
        refuse(
                mvc,
                post("/v1/rag/documents").contentType("text/plain").content(new byte[] {(byte) 0xff, (byte) 0xfe}),
                400,
                "invalid_request");

        assertThat(published()).isEmpty();
    }

    private void refuse(MockMvc mvc, RequestBuilder request, int status, String code) throws Exception {
        mvc.perform(request)
                .andExpect(status().is(status))
                .andExpect(jsonPath("$.code").value(code));
    }

    @Test
    void theListAndGetComeFromTheCatalogPerTenantAndDeletePublishesATombstone() throws Exception {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        catalog.apply("acme/a", RagDocument.inline("acme", "a", "A", "text/plain", "alpha", "api", at));
        catalog.apply("acme/b", RagDocument.inline("acme", "b", "B", "text/plain", "beta", "api", at));
        catalog.apply("globex/c", RagDocument.inline("globex", "c", "C", "text/plain", "gamma", "api", at));
        catalog.apply("acme/b", null);
        MockMvc acme = mvc("acme", true);

        acme.perform(get("/v1/rag/documents"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(1))
                .andExpect(jsonPath("$.documents[0].id").value("a"))
                .andExpect(jsonPath("$.documents[0].size").value(5))
                .andExpect(jsonPath("$.documents[0].stored").value("inline"));
        acme.perform(get("/v1/rag/documents/a"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("A"));
        acme.perform(get("/v1/rag/documents/c"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("document_not_found"));
        acme.perform(delete("/v1/rag/documents/c")).andExpect(status().isNotFound());
        assertThat(published()).isEmpty();

        async(acme, delete("/v1/rag/documents/a")).andExpect(status().isAccepted());

        assertThat(published()).hasSize(1);
        assertThat(new String(published().get(0).key(), StandardCharsets.UTF_8)).isEqualTo("acme/a");
        assertThat(published().get(0).value()).isNull();
    }

    @Test
    void aTenantAtItsMaximumCannotAddButCanReplace() throws Exception {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (String id : List.of("a", "b", "c")) {
            catalog.apply("acme/" + id, RagDocument.inline("acme", id, id, "text/plain", id, "api", at));
        }
        MockMvc mvc = mvc("acme", true);

        refuse(mvc, post("/v1/rag/documents?id=d").contentType("text/plain").content("new"), 400, "invalid_request");
        async(mvc, post("/v1/rag/documents?id=a").contentType("text/plain").content("replaced"))
                .andExpect(status().isAccepted());
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeIs503WithRetryAfter() throws Exception {
        MockMvc mvc = mvc("acme", false);

        async(mvc, post("/v1/rag/documents").contentType("text/plain").content("hello"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.code").value("broker_unavailable"));
    }
}
