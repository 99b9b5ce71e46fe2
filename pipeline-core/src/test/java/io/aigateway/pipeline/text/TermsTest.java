package io.aigateway.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TermsTest {

    /** The definition the scan must keep: split at anything not a letter or decimal digit, as a regex says it. */
    private static Set<String> bySplitting(String text) {
        Set<String> terms = new LinkedHashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
            Set<String> one = Terms.of(word); // one word: at most one term (stopwords and stems applied)
            assertThat(one).hasSizeLessThanOrEqualTo(1);
            terms.addAll(one);
        }
        return terms;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "How do I reset my password?",
                "Printers keep jamming; the printer's tray was replaced.",
                "  leading and trailing   spaces  ",
                "Résumé naïve café: Straße über Ärger",
                "Order #12345 shipped on 2026-12-05 (tracking: AB12cd).",
                "emoji 😀 between words, and a ½ fraction and Ⅻ numeral",
                "x y z a b c",
                "",
                "...!!!???",
                "ＦＵＬＬ－ＷＩＤＴＨ text and Ελληνικά λέξεις and кириллица"
            })
    void scanningFindsTheSameTermsAsSplittingAtNonWordCharacters(String text) {
        assertThat(Terms.of(text)).containsExactlyElementsOf(bySplitting(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"printers printer", "printing print", "replaced replac"})
    void aLightStemMakesInflectionsMeet(String pair) {
        String[] words = pair.split(" ");
        assertThat(Terms.of(words[0])).containsExactly(words[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"the", "a", "I", "you", "x"})
    void stopwordsAndSingleLettersAreDropped(String word) {
        assertThat(Terms.of(word)).isEmpty();
    }
}
