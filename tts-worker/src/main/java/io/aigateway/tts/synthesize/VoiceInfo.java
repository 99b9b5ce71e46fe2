package io.aigateway.tts.synthesize;

import java.util.Objects;

/**
 * A voice a synthesizer can speak with, as jobs name it in {@code options.voice}.
 *
 * @param name the name a job asks for, for example {@code kevin16} or {@code flite:slt}
 * @param engine what speaks it, for example {@code freetts}, {@code flite}, {@code festival}, {@code azure-speech}
 * @param language BCP 47 tag of the language it speaks, for example {@code en-US}
 */
public record VoiceInfo(String name, String engine, String language) {

    public VoiceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(language, "language");
    }
}
