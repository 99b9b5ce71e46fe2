package io.aigateway.stt.transcribe;

/**
 * A provider of speech-to-text engines, as a bean: adding an engine to the worker means adding one such bean (an
 * adapter beside the {@code mock} one). Only the provider chosen by {@code gateway.stt.provider} is ever
 * {@linkplain #create() created}, so an unused one neither loads a model nor needs its settings.
 */
public interface SpeechToTextProvider {

    /** The name {@code gateway.stt.provider} selects it by, also the provider named in events (e.g. {@code mock}). */
    String name();

    /** Builds the engine; called once, at start. */
    SpeechToText create();
}
