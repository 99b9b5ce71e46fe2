package io.aigateway.ingress.batches;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** Shortest signing key taken: 256 bits, HMAC-SHA256's own strength. */
    public static final int MIN_KEY_BYTES = 32;

    static final String KEY_VARIABLE = "GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY";

    private static final Logger log = LoggerFactory.getLogger(WebhookSigner.class);

    private final byte[] signingKey;

    public WebhookSigner(byte[] signingKey) {
        if (signingKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the webhook signing key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.signingKey = signingKey.clone();
    }

    /**
     * The signer of the configured key. Every instance must derive the same secrets, so a missing key stops the start
     * (a random key per instance would make the signatures of any deployment with more than one replica, or of any
     * batch that outlives a restart, fail to verify) unless {@code allow-ephemeral-key} says this is one instance on a
     * developer's machine.
     *
     * @throws IllegalStateException when the key is missing and not allowed to be, or shorter than {@value
     *     #MIN_KEY_BYTES} bytes
     */
    public static WebhookSigner of(BatchProperties.Webhook settings) {
        String key = settings.signingKey();
        if (key == null || key.isBlank()) {
            if (!settings.allowEphemeralKey()) {
                throw new IllegalStateException("No webhook signing key: set the environment variable " + KEY_VARIABLE
                        + " (gateway.ingress.batches.webhook.signing-key) to the same secret of at least "
                        + MIN_KEY_BYTES + " bytes on every ingress instance, for example $(openssl rand -base64 32);"
                        + " only a single instance on a developer's machine may set"
                        + " gateway.ingress.batches.webhook.allow-ephemeral-key=true instead");
            }
            log.warn(
                    "{} is not set: webhook secrets come from a random key of this process, valid until it stops"
                            + " (allowed by gateway.ingress.batches.webhook.allow-ephemeral-key; never with more than one"
                            + " instance)",
                    KEY_VARIABLE);
            byte[] random = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(random);
            return new WebhookSigner(random);
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("The webhook signing key in " + KEY_VARIABLE
                    + " (gateway.ingress.batches.webhook.signing-key) has " + bytes.length
                    + " bytes; it needs at least "
                    + MIN_KEY_BYTES + ", for example $(openssl rand -base64 32)");
        }
        return new WebhookSigner(bytes);
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
