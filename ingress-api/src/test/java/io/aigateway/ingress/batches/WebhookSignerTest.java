package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook signature as docs/api.md tells receivers to check it, computed independently here. */
class WebhookSignerTest {

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyUnderTheBatchSecret() throws Exception {
        WebhookSigner signer = new WebhookSigner("a-gateway-key-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));
        String secret = signer.secretOf("bat_abcdefghijklmnop");
        byte[] body = "{\"type\":\"batch.completed\"}".getBytes(StandardCharsets.UTF_8);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1="
                + HexFormat.of()
                        .formatHex(mac.doFinal(("1767225600." + new String(body, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSigner.signature(secret, 1767225600, body)).isEqualTo(expected);
        assertThat(WebhookSigner.signature(secret, 1767225601, body)).isNotEqualTo(expected);
        assertThat(secret).startsWith("whsec_").hasSize(6 + 43);
        assertThat(signer.secretOf("bat_abcdefghijklmnop")).isEqualTo(secret);
        assertThat(signer.secretOf("bat_abcdefghijklmnoq")).isNotEqualTo(secret);
        assertThat(new WebhookSigner("another-gateway-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8))
                        .secretOf("bat_abcdefghijklmnop"))
                .isNotEqualTo(secret);
    }

    /** Two replicas with the configured key hand out and sign with the same secret; no key stops the start. */
    @Test
    void theSigningKeyIsRequiredLongEnoughAndTheSameSecretsOnEveryInstance() {
        String key = "ZmFrZS1idXQtbG9uZy1lbm91Z2gta2V5LWZvci10ZXN0cw==";
        assertThat(WebhookSigner.of(webhook(key, false)).secretOf("bat_x"))
                .isEqualTo(WebhookSigner.of(webhook(key, false)).secretOf("bat_x"));

        assertThatThrownBy(() -> WebhookSigner.of(webhook(null, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY")
                .hasMessageContaining("allow-ephemeral-key");
        assertThatThrownBy(() -> WebhookSigner.of(webhook("  ", false)))
                .hasMessageContaining("GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY");
        assertThatThrownBy(() -> WebhookSigner.of(webhook("only-thirty-one-bytes-long-key!", true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY")
                .hasMessageContaining("has 31 bytes")
                .hasMessageContaining("at least 32");
        assertThat(WebhookSigner.of(webhook("exactly-thirty-two-bytes-long-k!", false))
                        .secretOf("bat_x"))
                .startsWith("whsec_");

        // allowed explicitly: a random key of this process, different from any other's
        assertThat(WebhookSigner.of(webhook(null, true)).secretOf("bat_x"))
                .isNotEqualTo(WebhookSigner.of(webhook(null, true)).secretOf("bat_x"));
    }

    private static BatchProperties.Webhook webhook(String key, boolean allowEphemeral) {
        return new BatchProperties.Webhook(
                key,
                allowEphemeral,
                List.of(),
                List.of(),
                6,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10));
    }
}
