package io.aigateway.llm.chat;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One named provider instance ({@code gateway.llm.providers.<name>.*}).
 *
 * @param type {@code azure-openai}, {@code openai-compatible} or {@code mock}
 * @param endpoint Azure: the resource endpoint ({@code https://<resource>.openai.azure.com}); openai-compatible: the
 *     base URL the OpenAI paths hang off ({@code http://localhost:11434/v1} for Ollama)
 * @param apiKey the key; for {@code azure-openai} without one, azure-identity's default credential is used (managed
 *     identity in Azure); an openai-compatible server that wants none may leave it empty
 * @param apiVersion Azure OpenAI {@code api-version}, empty for the SDK's latest
 * @param deployment Azure: the deployment of a model without an entry in {@code deployments} (empty: the model name)
 * @param deployments Azure: deployment per model name; openai-compatible: the upstream model per requested model
 * @param timeout the longest wait for the response to start and between two pieces of a stream
 * @param connectTimeout the longest wait for a connection
 * @param streaming whether answers are streamed (tokens reach the client as they come); off: one request, one piece
 * @param streamUsage whether a stream asks for the usage chunk ({@code stream_options.include_usage}); counted by the
 *     gateway when the service sends none
 */
public record ProviderSettings(
        String type,
        String endpoint,
        String apiKey,
        String apiVersion,
        String deployment,
        Map<String, String> deployments,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("true") boolean streaming,
        @DefaultValue("true") boolean streamUsage) {

    public ProviderSettings {
        type = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }

    /** Settings for a provider type that needs none (the mock). */
    public static ProviderSettings ofType(String type) {
        return new ProviderSettings(type, null, null, null, null, Map.of(), null, null, true, true);
    }

    /** The deployment (Azure) or upstream model (openai-compatible) that serves the requested model. */
    public String deploymentFor(String model) {
        String mapped = deployments.get(model);
        if (mapped != null && !mapped.isBlank()) {
            return mapped;
        }
        return deployment != null && !deployment.isBlank() ? deployment : model;
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }
}
