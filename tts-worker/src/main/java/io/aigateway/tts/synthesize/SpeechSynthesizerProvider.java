package io.aigateway.tts.synthesize;

/**
 * A provider of synthesizers, as a bean: adding a voice engine to the worker means adding one such bean (an adapter
 * beside the {@code mock} one). Only the provider chosen by {@code gateway.tts.provider} is ever {@linkplain #create()
 * created}, so an unused one neither loads voices nor needs its settings.
 */
public interface SpeechSynthesizerProvider {

    /** The name {@code gateway.tts.provider} selects it by, also the provider named in events (e.g. {@code mock}). */
    String name();

    /** Builds the synthesizer; called once, at start. */
    SpeechSynthesizer create();
}
