package io.aigateway.stt.transcribe;

import java.util.Objects;

/**
 * Audio to transcribe. The bytes are the blob's whole content, already checked against its size and checksum.
 *
 * @param audio the content of the audio blob
 * @param contentType the blob's media type as uploaded (for example {@code audio/wav}); engines may also sniff
 * @param language BCP 47 tag of the spoken language, for example {@code en-US}
 */
public record TranscriptionRequest(byte[] audio, String contentType, String language) {

    public TranscriptionRequest {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(language, "language");
    }
}
