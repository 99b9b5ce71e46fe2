package io.aigateway.ingress.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as clients hold it: {@code gwk_<keyId>_<secret>}. The key id is public (it names the key in lists and
 * logs); the secret is 32 random bytes and only its SHA-256 is stored. A fast hash is the right one here: the secret
 * has 256 bits of entropy, so there is nothing to guess, and every request checks it.
 */
public record ApiKey(String keyId, String secret) {

    private static final Pattern FORMAT = Pattern.compile("gwk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKey generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new ApiKey(
                HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Reads a key a client sent; empty for anything that is not one. */
    public static Optional<ApiKey> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(token.trim());
        return m.matches() ? Optional.of(new ApiKey(m.group(1), m.group(2))) : Optional.empty();
    }

    /** What the client sends: {@code Authorization: Bearer <token>}. */
    public String token() {
        return "gwk_" + keyId + "_" + secret;
    }

    public String secretSha256() {
        return sha256(secret);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares in constant time, so the answer's timing tells nothing about the stored hash. */
    boolean matches(String storedSha256) {
        return MessageDigest.isEqual(
                secretSha256().getBytes(StandardCharsets.US_ASCII), storedSha256.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ApiKey[" + keyId + "]";
    }
}
