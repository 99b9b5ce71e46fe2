package io.aigateway.stt.transcribe;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The speech-to-text engine this worker uses, picked by name among the {@link SpeechToTextProvider} beans. An unknown
 * name stops the application at start with the names it knows, rather than failing every job later.
 *
 * @param provider the provider's name, as events report it
 * @param engine the engine it created
 */
public record SpeechToTextSelection(String provider, SpeechToText engine) {

    public SpeechToTextSelection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(engine, "engine");
    }

    public static SpeechToTextSelection select(String wanted, List<SpeechToTextProvider> providers) {
        for (SpeechToTextProvider candidate : providers) {
            if (candidate.name().equalsIgnoreCase(wanted == null ? "" : wanted.trim())) {
                return new SpeechToTextSelection(candidate.name(), candidate.create());
            }
        }
        TreeSet<String> known = new TreeSet<>();
        providers.forEach(p -> known.add(p.name()));
        throw new IllegalStateException("gateway.stt.provider '" + wanted
                + "' is not a known speech-to-text provider; known: " + String.join(", ", known));
    }
}
