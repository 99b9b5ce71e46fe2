package io.aigateway.rag.embed;

import java.util.List;

/** Turns texts into dense vectors of a fixed dimension, for the vector half of hybrid search. */
public interface Embedder {

    int dimension();

    float[] embed(String text);

    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
