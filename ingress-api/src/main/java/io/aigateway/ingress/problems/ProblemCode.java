package io.aigateway.ingress.problems;

import java.util.Locale;

/**
 * The stable codes of the ingress's problem details, with the HTTP status, the title and whether retrying the same
 * request may help. The code (lower-case name) is what clients match on; titles and details may change.
 */
public enum ProblemCode {
    MALFORMED_JSON(400, "Malformed JSON", false),
    INVALID_REQUEST(400, "Invalid request", false),
    INVALID_CONFIG(400, "Invalid configuration", false),
    UNKNOWN_STEP(400, "Unknown step", false),
    EMPTY_ROUTE(400, "Empty route", false),
    ROUTE_TOO_LONG(400, "Route too long", false),
    MISSING_INPUT(400, "Missing input", false),
    INPUT_TOO_LONG(400, "Input too long", false),
    AUDIO_NOT_SUPPORTED_HERE(400, "Audio is not accepted here", false),
    EMPTY_AUDIO(400, "Empty audio", false),
    INVALID_AUDIO(400, "Invalid audio", false),
    AUDIO_NOT_FOUND(404, "Audio not found", false),
    AUDIO_NOT_READY(409, "Audio not ready yet", true, "1"),
    AUDIO_TOO_LONG(413, "Audio too long", false),
    NOT_AUDIO(415, "Not audio", false),
    UNSUPPORTED_AUDIO_FORMAT(415, "Unsupported audio format", false),
    CONTENT_TYPE_MISMATCH(415, "Content type does not match the audio", false),
    RANGE_NOT_SATISFIABLE(416, "Range not satisfiable", false),
    TRANSCODING_FAILED(500, "Transcoding failed", false),
    UNAUTHORIZED(401, "Unauthorized", false),
    FORBIDDEN(403, "Forbidden", false),
    QUOTA_EXCEEDED(403, "Quota exceeded", true),
    OVER_TOKEN_LIMIT(400, "Over the token limit", false),
    NOT_FOUND(404, "Not found", false),
    KEY_NOT_FOUND(404, "API key not found", false),
    JOB_NOT_FOUND(404, "Job not found", false),
    DOCUMENT_NOT_FOUND(404, "Document not found", false),
    METHOD_NOT_ALLOWED(405, "Method not allowed", false),
    NOT_ACCEPTABLE(406, "Not acceptable", false),
    PAYLOAD_TOO_LARGE(413, "Payload too large", false),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", false),
    CONFIG_VERSION_CONFLICT(412, "Configuration changed meanwhile", false),
    PRECONDITION_REQUIRED(428, "Precondition required", false),
    RATE_LIMITED(429, "Too many requests", true, "1"),
    INTERNAL_ERROR(500, "Internal error", false),
    BROKER_UNAVAILABLE(503, "Broker unavailable", true, "2"),
    RESULT_STORE_UNAVAILABLE(503, "Result store unavailable", true, "1"),
    BATCH_NOT_FOUND(404, "Batch not found", false),
    URL_NOT_ALLOWED(400, "URL not allowed", false),
    BATCH_TOO_LARGE(413, "Batch too large", false),
    FETCH_TIMEOUT(504, "Downloads took too long", true),
    NOTHING_TO_RETRY(409, "Nothing to retry", false);

    private final int status;
    private final String title;
    private final boolean retryable;
    private final String retryAfterSeconds;

    ProblemCode(int status, String title, boolean retryable) {
        this(status, title, retryable, null);
    }

    ProblemCode(int status, String title, boolean retryable, String retryAfterSeconds) {
        this.status = status;
        this.title = title;
        this.retryable = retryable;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The wire form, for example {@code broker_unavailable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The {@code Retry-After} header value in seconds, or null when the answer carries none. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The code for a status raised by Spring MVC itself (no handler of ours named a code). */
    public static ProblemCode forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
        };
    }
}
