package io.aigateway.stt.transcribe;

import io.aigateway.schemas.job.Transcript;

/**
 * The port of the stt step: turns audio into a transcript with word timings, reporting partial transcripts as it
 * goes. Adapters wrap one engine each (Vosk locally, Azure Speech in production, the mock) and never
 * leak its SDK types.
 *
 * <p>Audio the engine cannot use is an {@link io.aigateway.pipeline.failure.StepException} with code
 * {@code invalid_input}, or {@code unsupported_audio_format} for a WAV that is not 16 kHz mono 16-bit PCM (neither
 * retryable); engine outages are retryable {@code provider_*} codes.
 */
@FunctionalInterface
public interface SpeechToText {

    /**
     * Transcribes the audio. Each newly recognised piece of text goes to {@code partials} as soon as it is known, in
     * order, so that the pieces joined give the final transcript's text.
     */
    Transcript transcribe(TranscriptionRequest request, PartialTranscriptListener partials);
}
