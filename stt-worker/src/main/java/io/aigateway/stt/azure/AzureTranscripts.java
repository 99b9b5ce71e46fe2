package io.aigateway.stt.azure;

import io.aigateway.schemas.job.Word;
import io.aigateway.schemas.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Maps one recognized phrase in the service's detailed format ({@code OutputFormat.Detailed} with word-level
 * timestamps) to the gateway's words:
 * {@code {"DisplayText": "Reset my password.", "NBest": [{"Confidence": 0.93, "Lexical": "reset my password",
 * "Words": [{"Word": "reset", "Offset": 1500000, "Duration": 3000000, "Confidence": 0.95}, ...]}]}}. Offsets and
 * durations are in ticks of 100 ns from the start of the stream; a word without its own confidence gets the phrase's.
 */
final class AzureTranscripts {

    private static final double TICKS_PER_SECOND = 10_000_000.0;

    private AzureTranscripts() {}

    /** One recognized phrase: the display text (punctuated, as the service formats it) and its words. */
    record Phrase(String text, List<Word> words) {}

    static Phrase phrase(String detailedJson) {
        JsonNode root = Json.mapper().readTree(detailedJson);
        JsonNode best = root.path("NBest").path(0);
        double phraseConfidence = best.path("Confidence").asDouble(1.0);
        List<Word> words = new ArrayList<>();
        for (JsonNode w : best.path("Words")) {
            long offset = w.path("Offset").asLong();
            long duration = w.path("Duration").asLong();
            words.add(new Word(
                    w.path("Word").asString(""),
                    seconds(offset),
                    seconds(offset + duration),
                    Math.round(w.path("Confidence").asDouble(phraseConfidence) * 1000) / 1000.0));
        }
        String text = root.path("DisplayText").asString("");
        if (text.isBlank()) {
            text = best.path("Display").asString(best.path("Lexical").asString(""));
        }
        return new Phrase(text.strip(), words);
    }

    private static double seconds(long ticks) {
        return Math.round(ticks / TICKS_PER_SECOND * 1000) / 1000.0;
    }
}
