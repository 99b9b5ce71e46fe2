package io.aigateway.ingress.correlation;

import java.security.SecureRandom;

/**
 * Random, unguessable identifiers: a prefix and 160 bits from {@link SecureRandom} in lower-case base32 (RFC 4648
 * alphabet, no padding), so they are URL-safe, case-insensitive and valid correlation ids.
 */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** {@code prefix} followed by 32 base32 characters (160 random bits). */
    public static String random(String prefix) {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder(prefix.length() + BYTES * 8 / 5).append(prefix);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
