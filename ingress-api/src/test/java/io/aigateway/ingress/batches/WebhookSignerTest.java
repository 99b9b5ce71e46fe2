package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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
}
