package io.aigateway.stt.transcribe;

import io.aigateway.schemas.job.Transcript;

/**
 * The port of the stt step: turns audio into a transcript with word timings, reporting partial transcripts as it
 * goes. Adapters wrap one engine each (the mock today; Vosk locally and Azure Speech in production later) and never
 * leak its SDK types.
 *
 * <p>Audio the engine cannot use is an {@link io.aigateway.pipeline.failure.StepException} with code
 * {@code invalid_input} (not retryable); engine outages are retryable {@code provider_*} codes.
 */
@FunctionalInterface
public interface SpeechToText {

    /**
     * Transcribes the audio. Each newly recognised piece of text goes to {@code partials} as soon as it is known, in
     * order, so that the pieces joined give the final transcript's text.
     */
    Transcript transcribe(TranscriptionRequest request, PartialTranscriptListener partials);
}
