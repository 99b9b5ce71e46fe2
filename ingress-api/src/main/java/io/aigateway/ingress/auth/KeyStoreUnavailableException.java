package io.aigateway.ingress.auth;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;

/** A key could not be saved: the broker did not acknowledge the write to {@code gw.config} in time. */
public class KeyStoreUnavailableException extends ApiException {

    public KeyStoreUnavailableException(Throwable cause) {
        super(
                ProblemCode.BROKER_UNAVAILABLE,
                "the key store (gw.config) did not acknowledge the change: " + cause.getMessage(),
                java.util.List.of(),
                cause);
    }
}
