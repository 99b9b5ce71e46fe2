package io.aigateway.pipeline.failure;

/** Stable error codes used by the pipeline itself. Providers add their own, documented in {@code docs/api.md}. */
public final class ErrorCodes {

    /** The provider answered 429 or equivalent. Retryable. */
    public static final String PROVIDER_RATE_LIMITED = "provider_rate_limited";
    /** The provider failed (5xx, reset, unreachable). Retryable. */
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    /** The provider did not answer in time. Retryable. */
    public static final String PROVIDER_TIMEOUT = "provider_timeout";
    /** The provider refused the request as invalid (400). Not retryable. */
    public static final String PROVIDER_REJECTED = "provider_rejected";
    /** The provider's content policy refused the request. Not retryable. */
    public static final String CONTENT_FILTERED = "content_filtered";
    /** The provider refused our credentials. Not retryable until configuration changes. */
    public static final String PROVIDER_AUTH = "provider_auth_failed";
    /** A stream broke after output had reached the client; the answer is incomplete. */
    public static final String STREAM_INTERRUPTED = "stream_interrupted";
    /** The job's input does not suit the step (for example no audio for speech-to-text). Not retryable. */
    public static final String INVALID_INPUT = "invalid_input";
    /** The job passed its deadline. */
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
    /** Something unexpected: a bug. The record went to the dead-letter topic. */
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {}
}
