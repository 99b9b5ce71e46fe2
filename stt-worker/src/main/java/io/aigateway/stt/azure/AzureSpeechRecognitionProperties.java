package io.aigateway.stt.azure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Azure Speech recognition ({@code gateway.stt.azure-speech.*}). Checked only when the provider is
 * selected ({@link #problems()}), so an unused provider needs none of them.
 *
 * @param region the Speech resource's region (for example {@code westeurope}), with {@code key}
 * @param endpoint the resource's own endpoint ({@code https://<name>.cognitiveservices.azure.com/}); needed to sign in
 *     with azure-identity (Microsoft Entra ID works only on a resource's custom domain)
 * @param key the resource key (from the environment or Key Vault, never in YAML); without it the worker signs in with
 *     azure-identity and must have {@code endpoint}
 * @param timeout how long recognition may take beyond the audio's own length
 */
@ConfigurationProperties("gateway.stt.azure-speech")
public record AzureSpeechRecognitionProperties(
        String region,
        URI endpoint,
        String key,
        @DefaultValue("30s") Duration timeout) {

    public AzureSpeechRecognitionProperties {
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** What is missing or contradictory for the provider to work; empty when it can start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        boolean hasRegion = region != null && !region.isBlank();
        if (hasRegion == (endpoint != null)) {
            problems.add("set exactly one of gateway.stt.azure-speech.region and gateway.stt.azure-speech.endpoint");
        }
        if (endpoint != null
                && !"https".equalsIgnoreCase(endpoint.getScheme())
                && !"wss".equalsIgnoreCase(endpoint.getScheme())) {
            problems.add("gateway.stt.azure-speech.endpoint must be an https:// or wss:// URL");
        }
        if (!hasKey() && endpoint == null) {
            problems.add("without gateway.stt.azure-speech.key the worker signs in with azure-identity, which needs"
                    + " gateway.stt.azure-speech.endpoint (the resource's custom domain)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("gateway.stt.azure-speech.timeout must be positive");
        }
        return problems;
    }

    public boolean hasKey() {
        return key != null && !key.isBlank();
    }
}
