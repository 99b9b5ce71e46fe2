package io.aigateway.tts.synthesize;

import java.util.Objects;

/**
 * Text to speak.
 *
 * @param text what to say, not blank
 * @param voice the voice's name, as the provider knows it
 * @param language BCP 47 tag, or {@code null} for the voice's own language
 */
public record SynthesisRequest(String text, String voice, String language) {

    public SynthesisRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
    }
}
