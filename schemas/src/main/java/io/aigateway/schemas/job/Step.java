package io.aigateway.schemas.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A step of a route. Its wire name is the lower-case id, which also names its topic ({@code gw.step.<id>}). */
public enum Step {
    STT("stt"),
    RAG("rag"),
    LLM("llm"),
    TTS("tts");

    private final String id;

    Step(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Parses a wire name; empty for anything that is not a step. */
    public static Optional<Step> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst();
    }

    @JsonCreator
    static Step fromJson(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown step: " + id));
    }
}
