package io.aigateway.ingress.tenancy;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which tenant a request acts for. Jobs, their state and their events belong to a tenant; another tenant's job id gets
 * the same 404 as an unknown one. For now the only implementation is {@link SingleTenantResolver}; API keys (a key maps
 * to a tenant and a role, the tenant coming from the key alone, never from a header or the body) replace it later.
 */
public interface TenantResolver {

    String tenantOf(HttpServletRequest request);
}
