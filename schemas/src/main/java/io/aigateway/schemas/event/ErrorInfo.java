package io.aigateway.schemas.event;

/**
 * Why a job failed.
 *
 * @param code stable, machine-readable code, for example {@code provider_unavailable}
 * @param message what a person reads
 * @param retryable whether submitting the job again may succeed
 */
public record ErrorInfo(String code, String message, boolean retryable) {

    public ErrorInfo {
        message = message == null ? code : message;
    }
}
