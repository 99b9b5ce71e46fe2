package io.aigateway.ingress.batches;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures. Each batch has its own secret, derived from the gateway's signing key and the batch id (so no
 * secret is stored anywhere, and any instance can sign any batch's delivery) and handed to the client once, in the 202
 * of its batch. A delivery carries {@code X-Gateway-Timestamp: <unix seconds>} and {@code X-Gateway-Signature:
 * v1=<hex HMAC-SHA256 of "<timestamp>.<body>" under the secret>}; a receiver recomputes it, compares in constant time,
 * and refuses a timestamp older than a few minutes (a replay).
 */
public final class WebhookSigner {

    public static final String TIMESTAMP_HEADER = "X-Gateway-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Gateway-Signature";
    public static final String DELIVERY_HEADER = "X-Gateway-Delivery";

    private final byte[] signingKey;

    public WebhookSigner(byte[] signingKey) {
        if (signingKey.length < 16) {
            throw new IllegalArgumentException("the webhook signing key needs at least 16 bytes");
        }
        this.signingKey = signingKey.clone();
    }

    /** A signer with the configured key, or a random one when none is set. */
    public static WebhookSigner of(String configuredKey) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return new WebhookSigner(configuredKey.getBytes(StandardCharsets.UTF_8));
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new WebhookSigner(random);
    }

    /** The batch's webhook secret, as the client gets it: {@code whsec_} and 43 base64url characters. */
    public String secretOf(String batchId) {
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingKey, batchId));
    }

    /** The {@code X-Gateway-Signature} value of a body sent at {@code timestamp} with the batch's secret. */
    public static String signature(String secret, long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), signed));
    }

    private static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
