package io.aigateway.rag.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.StepException;
import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.retrieve.RetrievalQuery;
import io.aigateway.schemas.job.Passage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The index on disk: tenants kept apart on both halves, replace and delete, persistence across a reopen. */
class LuceneKnowledgeIndexTest {

    @TempDir
    Path dir;

    private LuceneKnowledgeIndex open() {
        return new LuceneKnowledgeIndex(dir, MiniLmEmbedder.shared(), new Chunker(300, 50), 60);
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void aTenantNeverSeesAnotherTenantsDocumentsInAnyMode(SearchMode mode) {
        try (LuceneKnowledgeIndex index = open()) {
            index.upsert("acme", "vpn", "VPN at Acme", "Acme staff connect with the Falcon VPN client.", "api", 1);
            index.upsert(
                    "globex", "vpn", "VPN at Globex", "Globex staff connect with the Osprey VPN client.", "api", 1);
            index.upsert("globex", "printers", "Printers", "Globex printers are on every floor.", "api", 1);
            index.commit(Map.of());

            List<Passage> acme = index.search("acme", "how do I connect to the VPN", 10, mode, 20);
            List<Passage> initech = index.search("initech", "how do I connect to the VPN", 10, mode, 20);

            assertThat(acme).isNotEmpty().allSatisfy(p -> assertThat(p.text()).contains("Acme"));
            assertThat(acme).noneMatch(p -> p.text().contains("Globex"));
            assertThat(initech).isEmpty();
        }
    }

    @Test
    void passagesCarryDocumentTitleChunkSourceAndScoreBestFirst() {
        try (LuceneKnowledgeIndex index = open()) {
            String longText = "The printer jams when the tray is overfilled. ".repeat(20);
            index.upsert("t", "printers", "Printer jams", longText, "api", 5);
            index.upsert("t", "wifi", "Office Wi-Fi", "Join CORP-WIFI with the device certificate.", "sample-kb", 1);
            index.commit(Map.of());

            List<Passage> passages = index.search("t", "printer jam tray", 3, SearchMode.HYBRID, 20);

            assertThat(passages).hasSize(3);
            assertThat(passages.get(0).documentId()).isEqualTo("printers");
            assertThat(passages.get(0).title()).isEqualTo("Printer jams");
            assertThat(passages.get(0).source()).isEqualTo("api");
            assertThat(passages).extracting(Passage::chunk).contains(0, 1);
            assertThat(passages).extracting(Passage::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            // fused scores are sums of 1 / (60 + rank): at most 2 / 61
            assertThat(passages)
                    .allSatisfy(p -> assertThat(p.score()).isPositive().isLessThanOrEqualTo(2.0 / 61));
        }
    }

    @Test
    void aNewVersionReplacesTheOldChunksAndADeleteRemovesThem() {
        try (LuceneKnowledgeIndex index = open()) {
            index.upsert("t", "doc", "Old", "The old text about printers. ".repeat(30), "api", 1);
            index.commit(Map.of());
            int before = index.chunkCount();

            index.upsert("t", "doc", "New", "A short new text about scanners.", "api", 2);
            index.commit(Map.of());

            assertThat(before).isGreaterThan(1);
            assertThat(index.chunkCount()).isEqualTo(1);
            assertThat(index.documents("t")).containsExactly(Map.entry("doc", "2#1"));
            assertThat(index.search("t", "old printers", 5, SearchMode.BM25, 20))
                    .isEmpty();

            index.delete("t", "doc");
            assertThat(index.chunkCount()).as("invisible until committed").isEqualTo(1);
            index.commit(Map.of());
            assertThat(index.chunkCount()).isZero();
            assertThat(index.search("t", "scanners", 5, SearchMode.HYBRID, 20)).isEmpty();
        }
    }

    @Test
    void theIndexAndItsCommitDataSurviveAReopenButUncommittedChangesDoNot() {
        try (LuceneKnowledgeIndex index = open()) {
            index.upsert("t", "wifi", "Wi-Fi", "Join CORP-WIFI with the device certificate.", "api", 1);
            index.commit(Map.of("offset.gw.documents.0", "7"));
            index.upsert("t", "lost", "Lost", "Never committed.", "api", 1);
        }

        try (LuceneKnowledgeIndex reopened = open()) {
            assertThat(reopened.committedData()).containsEntry("offset.gw.documents.0", "7");
            assertThat(reopened.documents("t")).containsOnlyKeys("wifi");
            assertThat(reopened.search("t", "wireless certificate", 1, SearchMode.HYBRID, 20))
                    .extracting(Passage::documentId)
                    .containsExactly("wifi");
        }
    }

    @Test
    void theRetrieverWaitsForTheIndexThenFailsRetryablyAndNeedsATenant() {
        try (LuceneKnowledgeIndex index = open()) {
            LuceneProperties settings = new LuceneProperties(dir, SearchMode.HYBRID, 60, 20, Duration.ofMillis(10));
            LuceneRetriever notReady = new LuceneRetriever(index, timeout -> false, settings);
            LuceneRetriever ready = new LuceneRetriever(index, timeout -> true, settings);

            assertThatThrownBy(() -> notReady.retrieve(new RetrievalQuery("t", "vpn", 3)))
                    .isInstanceOfSatisfying(StepException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.code()).isEqualTo("provider_unavailable");
                    });
            assertThatThrownBy(() -> ready.retrieve(new RetrievalQuery(null, "vpn", 3)))
                    .isInstanceOfSatisfying(
                            StepException.class, e -> assertThat(e.retryable()).isFalse());
            assertThat(ready.retrieve(new RetrievalQuery("t", "vpn", 3))).isEmpty();
        }
    }
}
