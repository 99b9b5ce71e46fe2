package io.aigateway.schemas.job;

import java.util.List;

/** What speech-to-text heard. {@code durationSeconds} is the length of the audio. */
public record Transcript(String text, String language, double durationSeconds, List<Word> words) {

    public Transcript {
        words = words == null ? List.of() : List.copyOf(words);
    }
}
