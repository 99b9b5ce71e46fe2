package io.aigateway.audio;

import java.util.Locale;

/**
 * Audio the gateway refuses, with a stable code (the lower-case name of {@link Code}) that callers map to their own
 * answers; the message says what is wrong in words a client can act on.
 */
public final class AudioException extends RuntimeException {

    /** Why audio was refused. */
    public enum Code {
        /** No bytes at all. */
        EMPTY_AUDIO,
        /** Bytes that claim to be audio but cannot be read: truncated or inconsistent headers, random bytes. */
        INVALID_AUDIO,
        /** A file that is recognisably something other than audio: a video, an image, a document, an archive. */
        NOT_AUDIO,
        /** Audio in a container or codec this gateway cannot convert (or not without ffmpeg). */
        UNSUPPORTED_AUDIO_FORMAT,
        /** The declared content type names another format than the bytes are. */
        CONTENT_TYPE_MISMATCH,
        /** Longer than the configured limit. */
        AUDIO_TOO_LONG,
        /** ffmpeg failed or ran out of time on input it should have handled. */
        TRANSCODING_FAILED;

        /** The wire form, for example {@code invalid_audio}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Code code;

    public AudioException(Code code, String message) {
        this(code, message, null);
    }

    public AudioException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
