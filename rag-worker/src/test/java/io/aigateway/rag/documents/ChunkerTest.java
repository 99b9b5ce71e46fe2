package io.aigateway.rag.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static String sentences(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "Sentence number " + i + " says something useful.")
                .collect(Collectors.joining(" "));
    }

    @Test
    void aShortTextIsOneChunk() {
        assertThat(new Chunker(200, 40).chunks("One line. Two lines.")).containsExactly("One line. Two lines.");
        assertThat(new Chunker(200, 40).chunks("  ")).isEmpty();
    }

    @Test
    void chunksStayWithinTheSizeEndAtSentencesAndOverlap() {
        String text = sentences(40);
        List<String> chunks = new Chunker(200, 60).chunks(text);

        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.length()).isLessThanOrEqualTo(200);
            assertThat(c).startsWith("Sentence number").endsWith("useful.");
        });
        for (int i = 1; i < chunks.size(); i++) {
            String previousLast = chunks.get(i - 1).substring(chunks.get(i - 1).lastIndexOf("Sentence"));
            assertThat(chunks.get(i))
                    .as("chunk %d repeats the end of chunk %d", i, i - 1)
                    .startsWith(previousLast);
        }
        // nothing is lost: every sentence is in some chunk
        for (int i = 0; i < 40; i++) {
            String sentence = "Sentence number " + i + " says";
            assertThat(chunks).anySatisfy(c -> assertThat(c).contains(sentence));
        }
    }

    @Test
    void withoutOverlapChunksDoNotRepeat() {
        List<String> chunks = new Chunker(200, 0).chunks(sentences(20));

        assertThat(String.join(" ", chunks)).isEqualTo(sentences(20));
    }

    @Test
    void aSentenceLongerThanAChunkIsCutBetweenWords() {
        String longSentence = "word ".repeat(100).trim();
        List<String> chunks = new Chunker(100, 10).chunks(longSentence);

        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.length()).isLessThanOrEqualTo(100);
            assertThat(c).doesNotStartWith(" ").matches("(word ?)+");
        });
    }

    @Test
    void sizesAreChecked() {
        assertThatThrownBy(() -> new Chunker(10, 0)).hasMessageContaining("at least 50");
        assertThatThrownBy(() -> new Chunker(200, 150)).hasMessageContaining("overlap");
    }
}
