package io.aigateway.allinone.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.kafka.TopicProvisioner;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.rag.indexing.DocumentSink;
import io.aigateway.rag.indexing.SharedIndexFeeder;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed of a shared index (Azure AI Search) on the test JVM's broker, with a recording sink: a document's records
 * applied in order, a throttled sink retried after its Retry-After rather than skipped, and a restarted member of the group not
 * applying again what the group committed.
 */
class SharedIndexFeederIT {

    @TempDir
    Path data;

    private final KafkaSettings kafka = TestKafka.settings();
    private final String tenant = "shared-" + UUID.randomUUID().toString().substring(0, 8);
    private final String group = "test-feeder-" + UUID.randomUUID();

    /** Records this test's tenant's calls; throttles the first upsert of document b once. */
    private final class RecordingSink implements DocumentSink {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean throttled = new AtomicBoolean();

        @Override
        public void upsert(String t, String id, String title, String text, String source, long version) {
            if (!t.equals(tenant)) {
                return;
            }
            if (id.equals("b") && throttled.compareAndSet(false, true)) {
                throw new StepException(
                        "provider_rate_limited", "429 from the stub", true, Duration.ofMillis(200), null);
            }
            calls.add("upsert " + id + ": " + text);
        }

        @Override
        public void delete(String t, String id) {
            if (t.equals(tenant)) {
                calls.add("delete " + id);
            }
        }
    }

    @Test
    void appliesInOrderRetriesAThrottledSinkAndDoesNotRepeatWhatTheGroupCommitted() {
        new TopicProvisioner(kafka).ensure(List.of(Topics.DOCUMENTS));
        try (GatewayProducer producer = new GatewayProducer(new KafkaProducer<>(kafka.producerConfig()))) {
            for (String id : List.of("a", "b")) {
                RagDocument doc =
                        RagDocument.inline(tenant, id, id, RagDocument.PLAIN, "text " + id, "t", Instant.now());
                producer.send(Topics.DOCUMENTS, doc.key(), doc, null).join();
            }
            producer.send(Topics.DOCUMENTS, RagDocument.key(tenant, "a"), null, null)
                    .join();
        }
        FileSystemBlobStore blobs = new FileSystemBlobStore(data);
        RecordingSink sink = new RecordingSink();

        try (SharedIndexFeeder feeder = new SharedIndexFeeder(kafka, sink, blobs, group)) {
            feeder.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.calls.size() >= 3);
        }

        assertThat(sink.throttled).isTrue();
        // order holds per document (one key, one partition), not across documents
        assertThat(sink.calls).containsExactlyInAnyOrder("upsert a: text a", "upsert b: text b", "delete a");
        assertThat(sink.calls.indexOf("upsert a: text a")).isLessThan(sink.calls.indexOf("delete a"));

        RecordingSink again = new RecordingSink();
        try (SharedIndexFeeder restarted = new SharedIndexFeeder(kafka, again, blobs, group)) {
            restarted.start();
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> true);
        }
        assertThat(again.calls).as("committed by the group before").isEmpty();
    }
}
