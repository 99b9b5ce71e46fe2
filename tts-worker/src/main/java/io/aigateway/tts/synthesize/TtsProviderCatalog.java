package io.aigateway.tts.synthesize;

import io.aigateway.pipeline.control.ProviderCatalog;
import io.aigateway.schemas.config.RegistryEntry;
import java.util.List;

/**
 * What this worker tells the registry: the synthesizer it runs with its voices and languages (ready: it started), and
 * the others it knows, which need selecting and configuring on a worker before they serve.
 */
public final class TtsProviderCatalog implements ProviderCatalog {

    private final VoiceCatalog voices;
    private final List<String> known;

    public TtsProviderCatalog(VoiceCatalog voices, List<SpeechSynthesizerProvider> providers) {
        this.voices = voices;
        this.known =
                providers.stream().map(SpeechSynthesizerProvider::name).sorted().toList();
    }

    @Override
    public List<RegistryEntry.Provider> providers() {
        return known.stream()
                .map(name -> name.equals(voices.provider())
                        ? new RegistryEntry.Provider(
                                "tts",
                                name,
                                RegistryEntry.Provider.READY,
                                null,
                                null,
                                voices.voices().stream().map(VoiceInfo::name).toList(),
                                voices.languages())
                        : new RegistryEntry.Provider(
                                "tts",
                                name,
                                RegistryEntry.Provider.UNCONFIGURED,
                                "not selected on this worker (gateway.tts.provider)",
                                null,
                                null,
                                null))
                .toList();
    }
}
