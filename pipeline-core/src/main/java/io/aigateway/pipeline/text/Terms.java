package io.aigateway.pipeline.text;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The content words of a text, for the mock providers' ranking and sentence choice: lower case, split at anything
 * that is not a letter or decimal digit, stopwords and single letters dropped, and a light suffix strip so "printers" meets
 * "printer".
 */
public final class Terms {

    private static final Set<String> STOPWORDS = Set.of(
            "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
            "could", "do", "does", "doing", "for", "from", "get", "got", "had", "has", "have", "he", "her", "here",
            "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "keep", "keeps", "me", "my", "no",
            "not", "of", "on", "or", "our", "please", "she", "should", "so", "some", "than", "that", "the", "their",
            "them", "then", "there", "these", "they", "this", "to", "up", "us", "was", "we", "were", "what", "when",
            "where", "which", "who", "why", "will", "with", "would", "you", "your");

    private Terms() {}

    public static Set<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null) {
            return terms;
        }
        // a scan instead of a regular expression split: the mock providers call this on every passage of every job
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); ) {
            int cp = i < lower.length() ? lower.codePointAt(i) : ' ';
            boolean wordChar = i < lower.length() && (Character.isLetter(cp) || Character.isDigit(cp));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                add(terms, lower.substring(start, i));
                start = -1;
            }
            i += i < lower.length() ? Character.charCount(cp) : 1;
        }
        return terms;
    }

    private static void add(Set<String> terms, String word) {
        if (word.length() > 1 && !STOPWORDS.contains(word)) {
            terms.add(stem(word));
        }
    }

    private static String stem(String word) {
        if (word.length() > 5 && word.endsWith("ing")) {
            return word.substring(0, word.length() - 3);
        }
        if (word.length() > 4 && word.endsWith("ed")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
