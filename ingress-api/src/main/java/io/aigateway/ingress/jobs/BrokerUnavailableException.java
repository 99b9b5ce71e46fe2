package io.aigateway.ingress.jobs;

/** The broker did not acknowledge a job in time, or the ingress had no room left to wait for it. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
