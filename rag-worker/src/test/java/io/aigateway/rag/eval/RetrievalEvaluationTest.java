package io.aigateway.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.documents.DocumentText;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.indexing.SampleKnowledgeBase;
import io.aigateway.rag.lucene.LuceneKnowledgeIndex;
import io.aigateway.rag.lucene.SearchMode;
import io.aigateway.schemas.job.Passage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recall@5 over the labelled query set ({@code queries.tsv}: questions as users ask them, each with the sample
 * articles that answer it): a question counts as found when one of its articles is among the top five passages.
 * Hybrid must reach 0.9; BM25 and vectors alone are reported beside it (docs/benchmarks.md, "Retrieval").
 */
class RetrievalEvaluationTest {

    static final String TENANT = "eval";
    static final int K = 5;

    static LuceneKnowledgeIndex index;
    static Path dir;

    record Labelled(String question, Set<String> relevant) {}

    @BeforeAll
    static void indexTheSampleKnowledgeBase() throws IOException {
        dir = Files.createTempDirectory("rag-eval");
        index = sampleIndex(dir, TENANT);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    /** The sample knowledge base indexed for one tenant, with the default chunking and fusion constant. */
    public static LuceneKnowledgeIndex sampleIndex(Path dir, String tenant) {
        LuceneKnowledgeIndex index =
                new LuceneKnowledgeIndex(dir, MiniLmEmbedder.shared(), new Chunker(ChunkingProperties.defaults()), 60);
        for (SampleKnowledgeBase.Article a : SampleKnowledgeBase.articles()) {
            index.upsert(tenant, a.id(), a.title(), DocumentText.of("text/markdown", a.markdown()), "sample-kb", 1);
        }
        index.commit(Map.of());
        return index;
    }

    public static List<Labelled> queries() {
        try (InputStream in = RetrievalEvaluationTest.class.getResourceAsStream("queries.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .map(p -> new Labelled(p[0], Set.copyOf(Arrays.asList(p[1].split(",")))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double recallAt5(SearchMode mode, List<Labelled> queries, StringBuilder misses) {
        int found = 0;
        for (Labelled q : queries) {
            List<Passage> top = index.search(TENANT, q.question(), K, mode, 20);
            Set<String> ids = top.stream().map(Passage::documentId).collect(Collectors.toSet());
            if (ids.stream().anyMatch(q.relevant()::contains)) {
                found++;
            } else {
                misses.append(mode)
                        .append(" missed: ")
                        .append(q.question())
                        .append(" -> ")
                        .append(ids)
                        .append('\n');
            }
        }
        return (double) found / queries.size();
    }

    @Test
    void theQuerySetIsLargeEnoughAndLabelsOnlyRealArticles() {
        Set<String> articles = SampleKnowledgeBase.articles().stream()
                .map(SampleKnowledgeBase.Article::id)
                .collect(Collectors.toSet());

        assertThat(articles).hasSizeBetween(28, 35);
        assertThat(queries()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(queries()).allSatisfy(q -> assertThat(articles).containsAll(q.relevant()));
        // phrased as users ask: no question is an article title
        Set<String> titles = SampleKnowledgeBase.articles().stream()
                .map(a -> a.title().toLowerCase())
                .collect(Collectors.toSet());
        assertThat(queries()).noneMatch(q -> titles.contains(q.question().toLowerCase()));
    }

    @Test
    void hybridRecallAt5IsAtLeastNinetyPercentAndTheHalvesAreReported() {
        List<Labelled> queries = queries();
        Map<SearchMode, Double> recall = new EnumMap<>(SearchMode.class);
        StringBuilder misses = new StringBuilder();
        for (SearchMode mode : SearchMode.values()) {
            recall.put(mode, recallAt5(mode, queries, misses));
        }
        System.out.printf(
                "recall@5 over %d questions: hybrid %.3f, bm25 %.3f, vector %.3f%n%s",
                queries.size(),
                recall.get(SearchMode.HYBRID),
                recall.get(SearchMode.BM25),
                recall.get(SearchMode.VECTOR),
                misses);

        assertThat(recall.get(SearchMode.HYBRID)).as(misses.toString()).isGreaterThanOrEqualTo(0.9);
    }
}
