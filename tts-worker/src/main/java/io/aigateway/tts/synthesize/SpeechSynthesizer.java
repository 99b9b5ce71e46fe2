package io.aigateway.tts.synthesize;

/**
 * The port of the tts step: turns text into audio. Adapters wrap one voice engine each (the mock today; a local Java
 * voice and Azure Speech later) and never leak its SDK types.
 *
 * <p>Failures a caller can act on are thrown as {@link io.aigateway.pipeline.failure.StepException} with a stable code
 * and whether retrying may help.
 */
@FunctionalInterface
public interface SpeechSynthesizer {

    SynthesizedSpeech synthesize(SynthesisRequest request);
}
