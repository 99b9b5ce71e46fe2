package io.aigateway.ingress.auth;

import io.aigateway.ingress.tenancy.TenantResolver;
import jakarta.servlet.http.HttpServletRequest;

/** The tenant of the request's API key, which {@link ApiKeyFilter} checked before any controller runs. */
public final class KeyTenantResolver implements TenantResolver {

    @Override
    public String tenantOf(HttpServletRequest request) {
        return Caller.of(request)
                .map(Caller::tenantId)
                .orElseThrow(() -> new IllegalStateException(
                        "no API key on a request that reached a controller: is the ApiKeyFilter mapped to "
                                + request.getRequestURI() + "?"));
    }
}
