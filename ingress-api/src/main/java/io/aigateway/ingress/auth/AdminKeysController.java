package io.aigateway.ingress.auth;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.config.ApiKeyEntry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins make, list, rotate and revoke API keys ({@code /v1/admin/keys}; {@link ApiKeyFilter} lets only admin keys
 * in). A new key's secret is in the answer once and nowhere else: only its hash is stored. Every change is an audit
 * line naming the admin key that made it.
 */
@RestController
@RequestMapping("/v1/admin/keys")
@ConditionalOnProperty(name = "gateway.ingress.auth.mode", havingValue = "api-keys", matchIfMissing = true)
public class AdminKeysController {

    private static final Logger audit = LoggerFactory.getLogger("io.aigateway.audit");
    private static final String TENANT = "[A-Za-z0-9._-]{1,64}";

    private final ApiKeyRegistry keys;
    private final AuthProperties properties;
    private final Clock clock;

    public AdminKeysController(ApiKeyRegistry keys, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /** What an admin asks for: the tenant the key acts for, its role, and a name to recognise it by. */
    public record NewKey(String tenant, String role, String name) {}

    /** A rotation: how long the old key keeps working (default {@code gateway.ingress.auth.rotation-grace}). */
    public record Rotation(Long graceSeconds) {}

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@RequestBody NewKey request, HttpServletRequest http) {
        List<FieldError> errors = new ArrayList<>();
        if (request.tenant() == null || !request.tenant().matches(TENANT)) {
            errors.add(new FieldError("tenant", "1 to 64 of A-Z a-z 0-9 . _ -"));
        }
        if (Role.find(request.role()).isEmpty()) {
            errors.add(new FieldError("role", "one of client, operator, admin"));
        }
        if (request.name() != null && request.name().length() > 200) {
            errors.add(new FieldError("name", "at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the key request is invalid", errors);
        }
        Role role = Role.find(request.role()).orElseThrow();
        ApiKey key = ApiKey.generate();
        ApiKeyEntry entry = keys.save(ApiKeyEntry.create(
                key.keyId(), request.tenant(), role.id(), request.name(), key.secretSha256(), clock.instant()));
        audit.info(
                "api key {} created for tenant {} with role {} by key {}",
                entry.keyId(),
                entry.tenantId(),
                role.id(),
                actor(http));
        return created(entry, key);
    }

    @GetMapping
    public Map<String, Object> list(@RequestParam(name = "tenant", required = false) String tenant) {
        return Map.of("keys", keys.list(tenant).stream().map(this::view).toList());
    }

    @GetMapping("/{keyId}")
    public Map<String, Object> get(@PathVariable String keyId) {
        return view(existing(keyId));
    }

    /** The longest a rotated key may keep working beside its successor. */
    static final Duration MAX_GRACE = Duration.ofDays(30);

    @PostMapping("/{keyId}/rotate")
    public ResponseEntity<Map<String, Object>> rotate(
            @PathVariable String keyId, @RequestBody(required = false) Rotation rotation, HttpServletRequest http) {
        ApiKeyEntry old = existing(keyId);
        if (!old.activeAt(clock.instant())) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "key " + keyId + " is revoked or expired");
        }
        if (rotation != null
                && rotation.graceSeconds() != null
                && (rotation.graceSeconds() < 0 || rotation.graceSeconds() > MAX_GRACE.toSeconds())) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "the rotation is invalid",
                    List.of(new FieldError("graceSeconds", "0 to " + MAX_GRACE.toSeconds() + " (30 days)")));
        }
        Duration grace = rotation == null || rotation.graceSeconds() == null
                ? properties.rotationGrace()
                : Duration.ofSeconds(rotation.graceSeconds());
        Instant now = clock.instant();
        // a key rotated before keeps its earlier end: a second rotation never lengthens the old key's life
        Instant oldKeyEnds = old.expiresAt() != null && old.expiresAt().isBefore(now.plus(grace))
                ? old.expiresAt()
                : now.plus(grace);
        ApiKey key = ApiKey.generate();
        ApiKeyEntry successor = keys.save(
                ApiKeyEntry.create(key.keyId(), old.tenantId(), old.role(), old.name(), key.secretSha256(), now));
        keys.save(old.expiring(oldKeyEnds));
        audit.info(
                "api key {} rotated to {} (old one works for {}) by key {}",
                keyId,
                successor.keyId(),
                grace,
                actor(http));
        return created(successor, key);
    }

    @DeleteMapping("/{keyId}")
    public ResponseEntity<Void> revoke(@PathVariable String keyId, HttpServletRequest http) {
        ApiKeyEntry entry = existing(keyId);
        if (entry.revokedAt() == null) {
            keys.save(entry.revoked(clock.instant()));
            audit.info("api key {} of tenant {} revoked by key {}", keyId, entry.tenantId(), actor(http));
        }
        return ResponseEntity.noContent().build();
    }

    private ApiKeyEntry existing(String keyId) {
        return keys.find(keyId).orElseThrow(() -> new ApiException(ProblemCode.KEY_NOT_FOUND, "no API key " + keyId));
    }

    private ResponseEntity<Map<String, Object>> created(ApiKeyEntry entry, ApiKey key) {
        Map<String, Object> body = view(entry);
        body.put("key", key.token());
        return ResponseEntity.created(URI.create("/v1/admin/keys/" + entry.keyId()))
                .body(body);
    }

    private Map<String, Object> view(ApiKeyEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keyId", entry.keyId());
        view.put("tenant", entry.tenantId());
        view.put("role", entry.role());
        view.put("name", entry.name());
        view.put("createdAt", entry.createdAt());
        view.put("expiresAt", entry.expiresAt());
        view.put("revokedAt", entry.revokedAt());
        view.put("active", entry.activeAt(clock.instant()));
        return view;
    }

    private static String actor(HttpServletRequest request) {
        return Caller.of(request).map(Caller::keyId).orElse("none");
    }
}
