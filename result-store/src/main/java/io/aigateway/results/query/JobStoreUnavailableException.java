package io.aigateway.results.query;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The result store cannot answer for a job right now: its Streams instance is starting, restoring or rebalancing, or
 * the instance that owns the job did not answer. Retrying shortly may help; over HTTP it is a 503.
 */
@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
public class JobStoreUnavailableException extends RuntimeException {

    public JobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
