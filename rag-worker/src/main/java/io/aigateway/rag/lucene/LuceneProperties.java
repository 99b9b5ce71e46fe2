package io.aigateway.rag.lucene;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code lucene} provider ({@code gateway.rag.lucene.*}).
 *
 * @param indexDir the folder of the persistent index (one per instance; rebuilt from {@code gw.documents} if lost)
 * @param mode {@code hybrid} (BM25 and vectors merged), or {@code bm25} or {@code vector} alone, for evaluation
 * @param rrfK the constant k of reciprocal rank fusion: a document ranked r adds 1 / (k + r)
 * @param candidates how many chunks each half ranks before fusion (at least the job's topK)
 * @param readyTimeout how long a query waits, after a start, for the index to catch up with {@code gw.documents}
 *     before it fails retryably
 */
@ConfigurationProperties("gateway.rag.lucene")
public record LuceneProperties(
        @DefaultValue("./data/rag-index") Path indexDir,
        @DefaultValue("hybrid") SearchMode mode,
        @DefaultValue("60") int rrfK,
        @DefaultValue("20") int candidates,
        @DefaultValue("30s") Duration readyTimeout) {

    public LuceneProperties {
        indexDir = indexDir == null ? Path.of("data", "rag-index") : indexDir.normalize();
        if (rrfK < 1) {
            throw new IllegalArgumentException("gateway.rag.lucene.rrf-k must be at least 1, was " + rrfK);
        }
        if (candidates < 1 || candidates > 1000) {
            throw new IllegalArgumentException("gateway.rag.lucene.candidates must be 1 to 1000, was " + candidates);
        }
    }
}
