package io.aigateway.rag.documents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How documents are cut before indexing ({@code gateway.rag.chunking.*}).
 *
 * @param size the most characters in a chunk (MiniLM reads about 256 word pieces, roughly 1000 characters of English)
 * @param overlap characters of the previous chunk repeated at the start of the next
 */
@ConfigurationProperties("gateway.rag.chunking")
public record ChunkingProperties(
        @DefaultValue("800") int size, @DefaultValue("150") int overlap) {

    public ChunkingProperties {
        new Chunker(size, overlap); // validates
    }

    public static ChunkingProperties defaults() {
        return new ChunkingProperties(800, 150);
    }
}
