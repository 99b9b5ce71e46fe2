package io.aigateway.ingress.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Who a request comes from, as its API key says: the key, its tenant and its role. The tenant comes from the key alone,
 * never from a header or the body.
 */
public record Caller(String keyId, String tenantId, Role role) {

    static final String ATTRIBUTE = Caller.class.getName();

    public static Optional<Caller> of(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
