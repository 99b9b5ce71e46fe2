package io.aigateway.tts.synthesize;

import java.util.List;
import java.util.Optional;

/**
 * The voices the selected synthesizer offers on this worker, as a bean (the provider registry lists them). Local
 * program voices (flite, festival) appear only when those programs were found at start.
 *
 * @param provider the selected provider's name
 * @param defaultVoice the voice a job without {@code options.voice} gets
 * @param voices every voice a job may ask for
 */
public record VoiceCatalog(String provider, String defaultVoice, List<VoiceInfo> voices) {

    public VoiceCatalog {
        voices = List.copyOf(voices);
    }

    public Optional<VoiceInfo> find(String name) {
        return voices.stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The languages of the voices, each once, in the order the voices come. */
    public List<String> languages() {
        return voices.stream().map(VoiceInfo::language).distinct().toList();
    }
}
