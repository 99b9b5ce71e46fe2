package io.aigateway.allinone.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The call-center and IT-help sentences the speech suite speaks (the same 24 as the stt worker's engine benchmark, so
 * the gateway's throughput is measured on the same audio), and the word error rate.
 */
final class SpokenSentences {

    static final List<String> SENTENCES = List.of(
            "I need to reset my password.",
            "My VPN connection keeps dropping every few minutes.",
            "The printer on the third floor is out of toner.",
            "I cannot log in to my email account since this morning.",
            "Can you unlock my account please?",
            "My laptop will not connect to the office wifi.",
            "I would like to check the status of my ticket.",
            "The screen on my monitor keeps flickering.",
            "Please send me a link to install the new software.",
            "I forgot my password and I am locked out.",
            "The video call froze in the middle of my meeting.",
            "My computer is running very slow today.",
            "I have been waiting on hold for 20 minutes.",
            "Could you transfer me to the billing department?",
            "I need a new badge to enter the building.",
            "The shared drive is not showing up on my computer.",
            "I received a strange email asking for my password.",
            "Can you help me set up my new phone?",
            "My keyboard stopped working after the update.",
            "I would like to cancel my order and get a refund.",
            "The internet is down in the whole office.",
            "Please call me back tomorrow morning.",
            "How do I change the language on my account?",
            "Thank you for your help, have a nice day.");

    /** Spoken forms of what the sentences write as digits. */
    private static final Map<String, String> SPOKEN = Map.of("20", "twenty");

    private SpokenSentences() {}

    /** Lower case, no punctuation, digits and abbreviations as they are spoken. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9' ]", " ")
                .trim()
                .split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            for (String spoken : SPOKEN.getOrDefault(w, w).split(" ")) {
                out.add(spoken);
            }
        }
        return out;
    }

    /** Word-level edit distance (substitutions, insertions, deletions) between a reference and a hypothesis. */
    static int edits(List<String> reference, List<String> hypothesis) {
        int[] previous = new int[hypothesis.size() + 1];
        int[] current = new int[hypothesis.size() + 1];
        for (int j = 0; j <= hypothesis.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= reference.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hypothesis.size(); j++) {
                int substitute = previous[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hypothesis.size()];
    }
}
