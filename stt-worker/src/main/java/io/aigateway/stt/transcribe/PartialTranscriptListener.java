package io.aigateway.stt.transcribe;

/** Receives the newly recognised text of a transcript while a {@link SpeechToText} works. */
@FunctionalInterface
public interface PartialTranscriptListener {

    PartialTranscriptListener NONE = text -> {};

    void partial(String text);
}
