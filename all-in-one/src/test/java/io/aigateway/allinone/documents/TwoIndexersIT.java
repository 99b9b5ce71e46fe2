package io.aigateway.allinone.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.kafka.TopicProvisioner;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.indexing.DocumentTopicIndexer;
import io.aigateway.rag.lucene.LuceneKnowledgeIndex;
import io.aigateway.rag.lucene.SearchMode;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexing path on the test JVM's broker, as two rag-worker instances run it: each reads the whole of
 * {@code gw.documents} into its own index (no consumer group shared), so both end with the same documents; a document
 * in the blob store (claim-check) is indexed like an inline one; a tombstone deletes; an instance restarted on its
 * index resumes from the offsets stored in the Lucene commit instead of reading the topic again.
 */
class TwoIndexersIT {

    @TempDir
    Path data;

    private final KafkaSettings kafka = TestKafka.settings();
    private final String tenant = "two-indexers-" + UUID.randomUUID().toString().substring(0, 8);
    private GatewayProducer producer;
    private FileSystemBlobStore blobs;

    @BeforeEach
    void topics() {
        new TopicProvisioner(kafka).ensure(java.util.List.of(Topics.DOCUMENTS));
        producer = new GatewayProducer(new KafkaProducer<>(kafka.producerConfig()));
        blobs = new FileSystemBlobStore(data.resolve("blobs"));
    }

    @AfterEach
    void close() {
        producer.close();
    }

    private record Instance(LuceneKnowledgeIndex index, DocumentTopicIndexer indexer) implements AutoCloseable {
        @Override
        public void close() {
            indexer.close();
            index.close();
        }
    }

    private Instance start(String name) {
        LuceneKnowledgeIndex index = new LuceneKnowledgeIndex(
                data.resolve(name), MiniLmEmbedder.shared(), new Chunker(ChunkingProperties.defaults()), 60);
        DocumentTopicIndexer indexer = new DocumentTopicIndexer(kafka, index, blobs, null, "test-" + name);
        indexer.start();
        return new Instance(index, indexer);
    }

    private void publish(String id, String title, String text) {
        RagDocument doc = RagDocument.inline(tenant, id, title, RagDocument.PLAIN, text, "test", Instant.now());
        producer.send(Topics.DOCUMENTS, doc.key(), doc, null).join();
    }

    private void delete(String id) {
        producer.send(Topics.DOCUMENTS, RagDocument.key(tenant, id), null, null).join();
    }

    @Test
    void theProvisionerCreatesTheDocumentsTopicCompacted() throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DOCUMENTS.name());
            Config config = admin.describeConfigs(java.util.List.of(topic))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);

            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    @Test
    void twoInstancesEndWithTheSameIndexAndARestartResumesWhereItStopped() {
        publish("vpn", "VPN", "Connect with the Falcon client before opening file shares.");
        publish("printers", "Printers", "Release print jobs by tapping your badge.");
        publish("wifi", "Wi-Fi", "Join the CORP network.");
        byte[] html = ("<html><head><title>Handbook</title></head><body>"
                        + "<p>The quarterly hackathon is in the Zephyr room.</p>".repeat(50) + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        RagDocument large = new RagDocument(
                1,
                tenant,
                "handbook",
                null,
                RagDocument.HTML,
                null,
                blobs.put(tenant, html, "text/html"),
                "test",
                1,
                Instant.now());
        producer.send(Topics.DOCUMENTS, large.key(), large, null).join();
        publish("wifi", "Wi-Fi", "Join the CORP-WIFI network with the device certificate.");
        delete("printers");

        try (Instance a = start("a");
                Instance b = start("b")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> a.indexer().isCaughtUp() && b.indexer().isCaughtUp());
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            a.index().documents(tenant).keySet().equals(java.util.Set.of("vpn", "wifi", "handbook")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> b.index().documents(tenant).equals(a.index().documents(tenant)));

            assertThat(a.index().search(tenant, "where is the hackathon", 1, SearchMode.HYBRID, 20))
                    .extracting(Passage::documentId, Passage::title)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("handbook", "Handbook"));
            assertThat(a.index().search(tenant, "device certificate network", 1, SearchMode.BM25, 20))
                    .extracting(Passage::text)
                    .containsExactly("Join the CORP-WIFI network with the device certificate.");
            assertThat(a.index().search(tenant, "badge print jobs", 5, SearchMode.BM25, 20))
                    .isEmpty();

            // instance b stops; documents change while it is away
            b.close();
            Map<Integer, Long> stoppedAt = b.indexer().appliedOffsets();
            publish("mfa", "MFA", "Register the authenticator app.");
            delete("vpn");
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            a.index().documents(tenant).keySet().equals(java.util.Set.of("wifi", "handbook", "mfa")));

            try (Instance restarted = start("b")) {
                assertThat(restarted.indexer().appliedOffsets()).isEqualTo(stoppedAt);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> restarted
                                .index()
                                .documents(tenant)
                                .equals(a.index().documents(tenant)));
                // resumed from the stored offsets: only what was published meanwhile was read again
                assertThat(restarted.indexer().recordsApplied())
                        .isLessThan(a.indexer().recordsApplied());
            }
        }
    }
}
