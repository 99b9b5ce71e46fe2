package io.aigateway.tts.synthesize;

import java.util.List;

/**
 * The port of the tts step: turns text into audio. Adapters wrap one voice engine each (the mock, the local voices,
 * Azure Speech) and never leak its SDK types.
 *
 * <p>Failures a caller can act on are thrown as {@link io.aigateway.pipeline.failure.StepException} with a stable code
 * and whether retrying may help.
 */
@FunctionalInterface
public interface SpeechSynthesizer {

    SynthesizedSpeech synthesize(SynthesisRequest request);

    /** The voices this synthesizer speaks with; empty when it accepts any name (it then has no catalog to offer). */
    default List<VoiceInfo> voices() {
        return List.of();
    }
}
