package io.aigateway.stt.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    @Test
    void identicalTextHasNoErrorsWhateverCaseAndPunctuation() {
        assertThat(WordErrorRate.of("I need to reset my password.", "i need to reset my password"))
                .isZero();
        assertThat(WordErrorRate.of("Don't log-in, please!", "don't log in please"))
                .isZero();
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertionsOverTheReferenceLength() {
        // one substitution (printer -> rent), one insertion (around): 2 edits over 6 words
        assertThat(WordErrorRate.errors("set up the printer third floor", "set up the rent around third floor"))
                .isEqualTo(new WordErrorRate.Errors(2, 6));
        // two deletions over 4 words
        assertThat(WordErrorRate.of("my vpn keeps dropping", "my dropping")).isCloseTo(0.5, within(1e-9));
        // nothing heard at all: every word deleted
        assertThat(WordErrorRate.of("reset my password", "")).isEqualTo(1.0);
        // insertions can push the rate above one
        assertThat(WordErrorRate.of("hello", "oh hello there you")).isEqualTo(3.0);
    }

    @Test
    void theDistanceIsTheMinimumNotAGreedyAlignment() {
        assertThat(WordErrorRate.errors("a b c d", "b c d e")).isEqualTo(new WordErrorRate.Errors(2, 4));
    }

    @Test
    void numbersAreComparedAsWords() {
        assertThat(WordErrorRate.normalize("waiting for 20 minutes in room 305"))
                .containsExactly("waiting", "for", "twenty", "minutes", "in", "room", "three", "hundred", "five");
        assertThat(WordErrorRate.of("on hold for 21 minutes", "on hold for twenty one minutes"))
                .isZero();
        assertThat(WordErrorRate.spell(0)).isEqualTo("zero");
        assertThat(WordErrorRate.spell(110)).isEqualTo("one hundred ten");
    }

    @Test
    void errorsAddUpOverSentences() {
        WordErrorRate.Errors total = WordErrorRate.errors("a b", "a c").plus(WordErrorRate.errors("d e f", "d e f"));
        assertThat(total).isEqualTo(new WordErrorRate.Errors(1, 5));
        assertThat(total.rate()).isEqualTo(0.2);
    }
}
