package io.aigateway.tts.synthesize;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The synthesizer this worker uses, picked by name among the {@link SpeechSynthesizerProvider} beans. An unknown name
 * stops the application at start with the names it knows, rather than failing every job later.
 *
 * @param provider the provider's name, as events report it
 * @param synthesizer the synthesizer it created
 */
public record SpeechSynthesizerSelection(String provider, SpeechSynthesizer synthesizer) {

    public SpeechSynthesizerSelection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(synthesizer, "synthesizer");
    }

    public static SpeechSynthesizerSelection select(String wanted, List<SpeechSynthesizerProvider> providers) {
        for (SpeechSynthesizerProvider candidate : providers) {
            if (candidate.name().equalsIgnoreCase(wanted == null ? "" : wanted.trim())) {
                return new SpeechSynthesizerSelection(candidate.name(), candidate.create());
            }
        }
        TreeSet<String> known = new TreeSet<>();
        providers.forEach(p -> known.add(p.name()));
        throw new IllegalStateException("gateway.tts.provider '" + wanted
                + "' is not a known speech synthesis provider; known: " + String.join(", ", known));
    }
}
