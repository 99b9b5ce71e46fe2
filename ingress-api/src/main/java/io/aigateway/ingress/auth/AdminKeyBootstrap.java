package io.aigateway.ingress.auth;

import io.aigateway.schemas.config.ApiKeyEntry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The first admin key. One from the environment ({@code gateway.ingress.auth.bootstrap-admin-key}) is registered by
 * its hash, so it works on every instance. Without one, the local default ({@code generate-admin-key}) makes a key
 * once, when {@code gw.config} holds no active admin key, and prints it to the console once; it is never logged.
 */
public class AdminKeyBootstrap {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final ApiKeyRegistry keys;
    private final AuthProperties properties;
    private final Clock clock;

    public AdminKeyBootstrap(ApiKeyRegistry keys, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ensureAnAdminKey() {
        if (!keys.ready()) {
            // deciding on a partial view could re-save a revoked key or make a spare admin key
            log.warn("gw.config not read to its end; the first admin key is neither registered nor generated now");
            return;
        }
        String configured = properties.bootstrapAdminKey();
        if (configured != null && !configured.isBlank()) {
            ApiKey key = ApiKey.parse(configured).orElseThrow();
            // an entry with this id, even revoked, is left as it is: re-saving it would undo a revocation
            boolean known = keys.find(key.keyId()).isPresent();
            if (!known) {
                keys.save(ApiKeyEntry.create(
                        key.keyId(),
                        properties.adminTenant(),
                        Role.ADMIN.id(),
                        "bootstrap",
                        key.secretSha256(),
                        clock.instant()));
                log.info("registered the bootstrap admin key {}", key.keyId());
            }
            return;
        }
        if (properties.generateAdminKey() && !keys.hasActiveKey(Role.ADMIN)) {
            ApiKey key = ApiKey.generate();
            keys.save(ApiKeyEntry.create(
                    key.keyId(),
                    properties.adminTenant(),
                    Role.ADMIN.id(),
                    "generated at first start",
                    key.secretSha256(),
                    clock.instant()));
            log.info("generated the first admin key {} (printed once on the console)", key.keyId());
            System.out.println(banner(key));
        }
    }

    static String banner(ApiKey key) {
        return """

                ================================================================================
                  First admin API key (shown once; only its hash is stored):

                    %s

                  Use it as  Authorization: Bearer <key>  and make client keys with
                    curl -X POST localhost:8080/v1/admin/keys -H 'Authorization: Bearer <key>' \\
                         -H 'Content-Type: application/json' -d '{"tenant":"default","role":"client"}'
                ================================================================================
                """.formatted(key.token());
    }
}
