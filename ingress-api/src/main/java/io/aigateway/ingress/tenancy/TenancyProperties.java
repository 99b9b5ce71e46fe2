package io.aigateway.ingress.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenancy of the ingress ({@code gateway.ingress.*}).
 *
 * @param tenant the tenant every request belongs to until API keys arrive
 */
@ConfigurationProperties("gateway.ingress")
public record TenancyProperties(@DefaultValue("default") String tenant) {

    public TenancyProperties {
        if (tenant == null || !tenant.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "gateway.ingress.tenant must be 1 to 64 of A-Z a-z 0-9 . _ -, was '" + tenant + "'");
        }
    }
}
