package io.aigateway.stt.vosk;

import io.aigateway.schemas.job.Word;
import io.aigateway.schemas.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the JSON results Vosk gives for an utterance with word output on:
 * {@code {"result": [{"conf": 0.98, "end": 1.11, "start": 0.72, "word": "reset"}, ...], "text": "..."}}. The
 * {@code [unk]} token (a word outside a phrase list's grammar) is left out: it stands for no word a client can use.
 */
final class VoskResults {

    static final String UNKNOWN = "[unk]";

    private VoskResults() {}

    /** The words, their times made relative to the job's audio by taking away {@code offset} seconds. */
    static List<Word> words(String json, double offset) {
        JsonNode result = Json.mapper().readTree(json).path("result");
        List<Word> words = new ArrayList<>();
        for (JsonNode w : result) {
            String word = w.path("word").asString("");
            if (word.isEmpty() || word.equals(UNKNOWN)) {
                continue;
            }
            words.add(new Word(
                    word,
                    millis(Math.max(0, w.path("start").asDouble() - offset)),
                    millis(Math.max(0, w.path("end").asDouble() - offset)),
                    millis(w.path("conf").asDouble(1.0))));
        }
        return words;
    }

    private static double millis(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
