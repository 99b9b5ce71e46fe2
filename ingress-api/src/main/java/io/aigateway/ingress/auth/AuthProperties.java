package io.aigateway.ingress.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the ingress knows who calls ({@code gateway.ingress.auth.*}).
 *
 * @param mode {@code api-keys}: every {@code /v1} request needs {@code Authorization: Bearer <key>}, and the key says
 *     the tenant and role; {@code none}: no keys, every request is the one tenant of {@code gateway.ingress.tenant}
 *     with every role (a single-user machine only)
 * @param bootstrapAdminKey an admin key ({@code gwk_...}) to accept from the start, from the environment or a secret
 *     store; it is registered (its hash) on {@code gw.config} at start
 * @param generateAdminKey when no admin key exists once {@code gw.config} is read, make one and print it once to the
 *     console (the local default)
 * @param adminTenant the tenant of the bootstrap and generated admin keys
 * @param rotationGrace how long a rotated key keeps working beside its successor
 * @param startupWait how long the ingress waits at start to read the keys already on {@code gw.config}
 */
@ConfigurationProperties("gateway.ingress.auth")
public record AuthProperties(
        @DefaultValue("api-keys") Mode mode,
        String bootstrapAdminKey,
        @DefaultValue("false") boolean generateAdminKey,
        @DefaultValue("default") String adminTenant,
        @DefaultValue("24h") Duration rotationGrace,
        @DefaultValue("30s") Duration startupWait) {

    public enum Mode {
        API_KEYS,
        NONE
    }

    public AuthProperties {
        if (bootstrapAdminKey != null
                && !bootstrapAdminKey.isBlank()
                && ApiKey.parse(bootstrapAdminKey).isEmpty()) {
            throw new IllegalArgumentException(
                    "gateway.ingress.auth.bootstrap-admin-key is not a gateway key (gwk_<id>_<secret>)");
        }
    }
}
