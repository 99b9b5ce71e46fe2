package io.aigateway.ingress.tenancy;

import jakarta.servlet.http.HttpServletRequest;

/** Every request belongs to the one configured tenant ({@code gateway.ingress.tenant}, default {@code default}). */
public final class SingleTenantResolver implements TenantResolver {

    private final String tenant;

    public SingleTenantResolver(String tenant) {
        this.tenant = tenant;
    }

    @Override
    public String tenantOf(HttpServletRequest request) {
        return tenant;
    }
}
