package io.aigateway.llm.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Classifies what the SDK throws: 429 is {@code provider_rate_limited} with the service's {@code retry-after-ms} or
 * {@code Retry-After}; 408 and 5xx {@code provider_unavailable}; 401 and 403 {@code provider_auth_failed}; a 400 about
 * the content filter {@code content_filtered}; other 4xx {@code provider_rejected}; timeouts {@code provider_timeout};
 * resets and other I/O failures {@code provider_unavailable}. Anything else is not a provider failure and passes as is.
 */
final class AzureErrors {

    private AzureErrors() {}

    static RuntimeException classify(String instance, RuntimeException error) {
        if (error instanceof HttpResponseException http && http.getResponse() != null) {
            return fromStatus(instance, http.getResponse(), http.getMessage(), error);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return new StepException(
                        ErrorCodes.PROVIDER_TIMEOUT, instance + ": no answer in time (" + t + ")", true, null, error);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return new StepException(ErrorCodes.PROVIDER_UNAVAILABLE, instance + ": " + t, true, null, error);
            }
        }
        return error;
    }

    private static StepException fromStatus(String instance, HttpResponse response, String message, Throwable cause) {
        int status = response.getStatusCode();
        String detail = instance + " answered " + status + ": " + shorten(message);
        if (status == 429) {
            return new StepException(ErrorCodes.PROVIDER_RATE_LIMITED, detail, true, retryAfter(response), cause);
        }
        if (status == 408 || status >= 500) {
            return new StepException(ErrorCodes.PROVIDER_UNAVAILABLE, detail, true, retryAfter(response), cause);
        }
        if (status == 401 || status == 403) {
            return new StepException(ErrorCodes.PROVIDER_AUTH, detail, false, null, cause);
        }
        if (message != null && message.toLowerCase(Locale.ROOT).contains("content_filter")) {
            return new StepException(ErrorCodes.CONTENT_FILTERED, detail, false, null, cause);
        }
        return new StepException(ErrorCodes.PROVIDER_REJECTED, detail, false, null, cause);
    }

    /** {@code retry-after-ms} (Azure), else {@code Retry-After} in seconds; null when neither is readable. */
    static Duration retryAfter(HttpResponse response) {
        String millis = response.getHeaderValue("retry-after-ms");
        if (millis != null) {
            try {
                return Duration.ofMillis(Long.parseLong(millis.trim()));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String seconds = response.getHeaderValue("Retry-After");
        if (seconds != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(seconds.trim()));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: rare from these services; the backoff applies
            }
        }
        return null;
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
