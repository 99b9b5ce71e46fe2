package io.aigateway.stt.speech;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: the word-level Levenshtein distance (substitutions, deletions, insertions) between a reference and
 * a hypothesis, over the reference's word count, after the usual normalization (lower case, punctuation dropped except
 * inner apostrophes and hyphens split, numbers 0 to 999 written as words, since a recognizer says "twenty" where a
 * transcript may say "20").
 */
final class WordErrorRate {

    private static final String[] ONES = {
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen"
    };
    private static final String[] TENS = {
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"
    };

    private WordErrorRate() {}

    /** Edit operations needed and reference words, to sum over many sentences before dividing. */
    record Errors(int edits, int referenceWords) {
        double rate() {
            return referenceWords == 0 ? (edits == 0 ? 0 : 1) : (double) edits / referenceWords;
        }

        Errors plus(Errors other) {
            return new Errors(edits + other.edits, referenceWords + other.referenceWords);
        }
    }

    static double of(String reference, String hypothesis) {
        return errors(reference, hypothesis).rate();
    }

    static Errors errors(String reference, String hypothesis) {
        List<String> ref = normalize(reference);
        List<String> hyp = normalize(hypothesis);
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return new Errors(previous[hyp.size()], ref.size());
    }

    static List<String> normalize(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT)
                .replace('-', ' ')
                .replaceAll("[^\\p{L}\\p{N}' ]+", " ")
                .replaceAll("(^|\\s)'|'(\\s|$)", " ");
        List<String> words = new ArrayList<>();
        for (String token : cleaned.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.matches("\\d{1,3}")) {
                words.addAll(Arrays.asList(spell(Integer.parseInt(token)).split(" ")));
            } else {
                words.add(token);
            }
        }
        return words;
    }

    static String spell(int n) {
        if (n < 20) {
            return ONES[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 == 0 ? "" : " " + ONES[n % 10]);
        }
        return ONES[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + spell(n % 100));
    }
}
