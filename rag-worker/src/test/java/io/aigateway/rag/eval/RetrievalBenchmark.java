package io.aigateway.rag.eval;

import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.documents.DocumentText;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.indexing.SampleKnowledgeBase;
import io.aigateway.rag.lucene.LuceneKnowledgeIndex;
import io.aigateway.rag.lucene.SearchMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Indexing throughput and query latency of the lucene provider, for docs/benchmarks.md. Not part of the default suite
 * (tag {@code benchmark}, excluded in this module's pom); run it with
 * {@code mvn -o -pl rag-worker verify -Dgroups=benchmark -DexcludedGroups= -Dtest=RetrievalBenchmark}.
 */
@Tag("benchmark")
class RetrievalBenchmark {

    static final int COPIES = 10;
    static final int ROUNDS = 10;

    @Test
    void indexingThroughputAndQueryLatency() throws Exception {
        Path dir = Files.createTempDirectory("rag-bench");
        MiniLmEmbedder embedder = MiniLmEmbedder.shared();
        embedder.embed("warm up the model");
        List<SampleKnowledgeBase.Article> articles = SampleKnowledgeBase.articles();
        try (LuceneKnowledgeIndex index =
                new LuceneKnowledgeIndex(dir, embedder, new Chunker(ChunkingProperties.defaults()), 60)) {
            long started = System.nanoTime();
            int chunks = 0;
            for (int copy = 0; copy < COPIES; copy++) {
                for (SampleKnowledgeBase.Article a : articles) {
                    chunks += index.upsert(
                            "bench",
                            a.id() + "-" + copy,
                            a.title(),
                            DocumentText.of("text/markdown", a.markdown()),
                            "sample-kb",
                            1);
                }
                index.commit(Map.of("copy", Integer.toString(copy)));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "indexing: %d documents, %d chunks in %.2f s = %.1f chunks/s (embedding included, one thread)%n",
                    COPIES * articles.size(), chunks, seconds, chunks / seconds);

            List<RetrievalEvaluationTest.Labelled> queries = RetrievalEvaluationTest.queries();
            for (SearchMode mode : SearchMode.values()) {
                for (var q : queries) {
                    index.search("bench", q.question(), 5, mode, 20); // warm up
                }
                long[] micros = new long[queries.size() * ROUNDS];
                int i = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    for (var q : queries) {
                        long t = System.nanoTime();
                        index.search("bench", q.question(), 5, mode, 20);
                        micros[i++] = (System.nanoTime() - t) / 1_000;
                    }
                }
                Arrays.sort(micros);
                System.out.printf(
                        "query %s over %d chunks: %d queries, p50 %.2f ms, p99 %.2f ms%n",
                        mode,
                        chunks,
                        micros.length,
                        micros[micros.length / 2] / 1000.0,
                        micros[(int) Math.ceil(micros.length * 0.99) - 1] / 1000.0);
            }
        }
    }
}
