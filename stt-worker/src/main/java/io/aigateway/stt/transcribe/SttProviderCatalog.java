package io.aigateway.stt.transcribe;

import io.aigateway.pipeline.control.ProviderCatalog;
import io.aigateway.schemas.config.RegistryEntry;
import java.util.List;

/**
 * What this worker tells the registry: the provider it runs ({@code gateway.stt.provider}, ready: it started) and the
 * others it knows, which need selecting and configuring on a worker before they serve.
 */
public final class SttProviderCatalog implements ProviderCatalog {

    private final SpeechToTextSelection selection;
    private final List<String> known;

    public SttProviderCatalog(SpeechToTextSelection selection, List<SpeechToTextProvider> providers) {
        this.selection = selection;
        this.known = providers.stream().map(SpeechToTextProvider::name).sorted().toList();
    }

    @Override
    public List<RegistryEntry.Provider> providers() {
        return known.stream()
                .map(name -> name.equals(selection.provider())
                        ? new RegistryEntry.Provider(
                                "stt", name, RegistryEntry.Provider.READY, null, null, null, languages(name))
                        : new RegistryEntry.Provider(
                                "stt",
                                name,
                                RegistryEntry.Provider.UNCONFIGURED,
                                "not selected on this worker (gateway.stt.provider)",
                                null,
                                null,
                                languages(name)))
                .toList();
    }

    /** The local engines are English only: Vosk's model from Maven is the English one. */
    private static List<String> languages(String provider) {
        return switch (provider) {
            case "vosk", "mock" -> List.of("en-US");
            default -> List.of();
        };
    }
}
