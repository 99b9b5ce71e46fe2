package io.aigateway.ingress.batches;

/** A URL the gateway will not fetch or call, with the reason in words. */
public final class UrlRefusedException extends RuntimeException {

    public UrlRefusedException(String reason) {
        super(reason);
    }
}
