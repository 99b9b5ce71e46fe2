package io.aigateway.rag.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a text into overlapping chunks of at most {@code size} characters. Chunks end at a paragraph, line or sentence
 * boundary where one is near; a piece longer than a chunk (a sentence without end) is cut between words. Each chunk
 * after the first starts with the last pieces of the one before, up to {@code overlap} characters, so a fact that
 * straddles a boundary is whole in at least one chunk.
 */
public final class Chunker {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?:;])\\s+|\\n+");

    private final int size;
    private final int overlap;

    public Chunker(int size, int overlap) {
        if (size < 50) {
            throw new IllegalArgumentException("chunk size must be at least 50 characters, was " + size);
        }
        if (overlap < 0 || overlap >= size / 2) {
            throw new IllegalArgumentException(
                    "chunk overlap must be between 0 and half the chunk size (" + size / 2 + "), was " + overlap);
        }
        this.size = size;
        this.overlap = overlap;
    }

    public Chunker(ChunkingProperties properties) {
        this(properties.size(), properties.overlap());
    }

    public List<String> chunks(String text) {
        List<String> pieces = pieces(text);
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = 0;
        for (String piece : pieces) {
            if (!current.isEmpty() && length + 1 + piece.length() > size) {
                chunks.add(String.join(" ", current));
                List<String> carried = new ArrayList<>();
                int carriedLength = 0;
                for (int i = current.size() - 1; i >= 0; i--) {
                    String p = current.get(i);
                    if (carriedLength + p.length() + 1 > overlap
                            || carriedLength + p.length() + 1 + piece.length() > size) {
                        break;
                    }
                    carried.add(0, p);
                    carriedLength += p.length() + 1;
                }
                current = carried;
                length = Math.max(0, carriedLength - 1);
            }
            current.add(piece);
            length += (current.size() > 1 ? 1 : 0) + piece.length();
        }
        if (!current.isEmpty()) {
            chunks.add(String.join(" ", current));
        }
        return chunks;
    }

    /** Sentences and lines, each no longer than a chunk (longer ones cut between words). */
    private List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text == null ? "" : text.trim())) {
            String s = sentence.trim();
            while (s.length() > size) {
                int cut = s.lastIndexOf(' ', size);
                if (cut <= size / 2) {
                    cut = size;
                }
                pieces.add(s.substring(0, cut).trim());
                s = s.substring(cut).trim();
            }
            if (!s.isEmpty()) {
                pieces.add(s);
            }
        }
        return pieces;
    }
}
