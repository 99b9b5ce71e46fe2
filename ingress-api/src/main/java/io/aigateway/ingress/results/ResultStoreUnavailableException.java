package io.aigateway.ingress.results;

/** The result store did not answer, or answered with something other than the job or a 404. */
public class ResultStoreUnavailableException extends RuntimeException {

    public ResultStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
