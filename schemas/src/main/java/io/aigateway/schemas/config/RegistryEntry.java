package io.aigateway.schemas.config;

import io.aigateway.schemas.SchemaVersion;
import java.time.Instant;
import java.util.List;

/**
 * What one running service instance says it can do, on {@code gw.config} under {@code registry/<service>/<instance>}:
 * its providers per capability with their status. Each instance repeats it every half minute and removes it (a
 * tombstone) when it stops; readers drop entries that have not been repeated for a while. The ingress merges them into
 * {@code GET /v1/registry}.
 *
 * @param service the service ({@code stt-worker}, ...)
 * @param instance a random id of this process
 * @param at when it was said
 * @param providers what it offers
 */
public record RegistryEntry(int schemaVersion, String service, String instance, Instant at, List<Provider> providers) {

    public static final String KEY_PREFIX = "registry/";

    public RegistryEntry {
        providers = providers == null ? List.of() : List.copyOf(providers);
    }

    public static RegistryEntry of(String service, String instance, Instant at, List<Provider> providers) {
        return new RegistryEntry(SchemaVersion.CURRENT, service, instance, at, providers);
    }

    public String key() {
        return KEY_PREFIX + service + "/" + instance;
    }

    /**
     * One provider of one capability.
     *
     * @param capability the step it serves: {@code stt}, {@code rag}, {@code llm}, {@code tts}
     * @param name the provider ({@code vosk}, {@code azure-openai}, ...), or a named provider instance
     * @param status {@code ready}, {@code unconfigured} (known but missing settings) or {@code failing} (its recent
     *     calls failed)
     * @param detail why, in words, when not ready
     * @param models models it serves (LLM), if any
     * @param voices voices it speaks (text-to-speech), if any
     * @param languages languages it understands or speaks, if any
     */
    public record Provider(
            String capability,
            String name,
            String status,
            String detail,
            List<String> models,
            List<String> voices,
            List<String> languages) {

        public static final String READY = "ready";
        public static final String UNCONFIGURED = "unconfigured";
        public static final String FAILING = "failing";

        public Provider {
            models = models == null ? List.of() : List.copyOf(models);
            voices = voices == null ? List.of() : List.copyOf(voices);
            languages = languages == null ? List.of() : List.copyOf(languages);
        }
    }
}
