package io.aigateway.stt.transcribe;

import java.util.List;
import java.util.Objects;

/**
 * Audio to transcribe. The bytes are the blob's whole content, already checked against its size and checksum.
 *
 * @param audio the content of the audio blob
 * @param contentType the blob's media type as uploaded (for example {@code audio/wav}); engines may also sniff
 * @param language BCP 47 tag of the spoken language, for example {@code en-US}
 * @param phrases words and phrases the audio is expected to contain, to bias recognition toward them (empty for free
 *     recognition); each engine says how it uses them
 */
public record TranscriptionRequest(byte[] audio, String contentType, String language, List<String> phrases) {

    public TranscriptionRequest {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(language, "language");
        phrases = phrases == null
                ? List.of()
                : phrases.stream()
                        .filter(Objects::nonNull)
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toList();
    }

    /** Free recognition, no phrase list. */
    public TranscriptionRequest(byte[] audio, String contentType, String language) {
        this(audio, contentType, language, List.of());
    }
}
