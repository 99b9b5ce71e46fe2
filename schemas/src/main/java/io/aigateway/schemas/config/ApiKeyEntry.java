package io.aigateway.schemas.config;

import io.aigateway.schemas.SchemaVersion;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An API key as the compacted topic {@code gw.config} keeps it (key {@code apikey/<keyId>}): the tenant and role it
 * stands for and the SHA-256 of its secret, never the secret itself. Every ingress instance reads all of them, so a
 * key created, rotated or revoked on one instance counts on every instance within moments.
 *
 * @param schemaVersion version of the message contracts the writer used
 * @param keyId the public part of the key, which names it in lists and logs
 * @param tenantId the tenant every request with this key acts for
 * @param role {@code client}, {@code operator} or {@code admin}
 * @param name what the key is for, chosen by the admin who made it
 * @param secretSha256 lower-case hex SHA-256 of the secret part of the key
 * @param createdAt when the key was made
 * @param expiresAt when the key stops working (a rotated key keeps working until then); null for never
 * @param revokedAt when the key was revoked; null while it is not
 */
public record ApiKeyEntry(
        int schemaVersion,
        String keyId,
        String tenantId,
        String role,
        String name,
        String secretSha256,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {

    public static final String KEY_PREFIX = "apikey/";

    public ApiKeyEntry {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(secretSha256, "secretSha256");
        role = Objects.requireNonNull(role, "role").toLowerCase(Locale.ROOT);
    }

    public static ApiKeyEntry create(
            String keyId, String tenantId, String role, String name, String secretSha256, Instant createdAt) {
        return new ApiKeyEntry(SchemaVersion.CURRENT, keyId, tenantId, role, name, secretSha256, createdAt, null, null);
    }

    /** The record key on {@code gw.config}. */
    public String configKey() {
        return KEY_PREFIX + keyId;
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public ApiKeyEntry revoked(Instant at) {
        return new ApiKeyEntry(schemaVersion, keyId, tenantId, role, name, secretSha256, createdAt, expiresAt, at);
    }

    public ApiKeyEntry expiring(Instant at) {
        return new ApiKeyEntry(schemaVersion, keyId, tenantId, role, name, secretSha256, createdAt, at, revokedAt);
    }
}
