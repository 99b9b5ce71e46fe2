package io.aigateway.allinone.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpokenSentencesTest {

    @Test
    void editDistanceCountsSubstitutionsInsertionsAndDeletions() {
        List<String> ref = SpokenSentences.words("I need to reset my password.");
        assertThat(SpokenSentences.edits(ref, ref)).isZero();
        assertThat(SpokenSentences.edits(ref, SpokenSentences.words("i need to rest my password")))
                .isEqualTo(1);
        assertThat(SpokenSentences.edits(ref, SpokenSentences.words("i need reset my password")))
                .isEqualTo(1);
        assertThat(SpokenSentences.edits(ref, SpokenSentences.words("i need to reset my password now")))
                .isEqualTo(1);
        assertThat(SpokenSentences.edits(ref, List.of())).isEqualTo(6);
    }

    @Test
    void wordsAreNormalizedToTheirSpokenForm() {
        assertThat(SpokenSentences.words("Waiting on hold for 20 minutes, on Wi-Fi!"))
                .containsExactly("waiting", "on", "hold", "for", "twenty", "minutes", "on", "wi", "fi");
    }
}
