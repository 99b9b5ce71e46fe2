package io.aigateway.ingress.auth;

import java.util.Locale;
import java.util.Optional;

/** What a key may do. Each role includes the ones before it: an admin can do what an operator can, and so on. */
public enum Role {
    /** Submits and follows its tenant's jobs, batches and documents; reads the registry. */
    CLIENT,
    /** And what operators do: replays, dead letters, routes read in full. */
    OPERATOR,
    /** And keys, tenants, routes and limits. */
    ADMIN;

    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
