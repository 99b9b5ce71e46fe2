package io.aigateway.pipeline.control;

import io.aigateway.schemas.config.RegistryEntry;
import java.util.List;
import java.util.function.Function;

/**
 * The registry entry of a worker that runs one provider of its capability, chosen by a property among the ones it
 * knows: the chosen one is ready (the worker started with it, so its settings were good), the others need choosing and
 * configuring on a worker before they serve. What each offers (models, voices, languages) comes from {@code offers}.
 */
public final class SelectedProviders implements ProviderCatalog {

    /** What a provider offers besides its name. */
    public record Offer(List<String> models, List<String> voices, List<String> languages) {
        public static final Offer NOTHING = new Offer(List.of(), List.of(), List.of());
    }

    private final String capability;
    private final String property;
    private final String selected;
    private final List<String> known;
    private final Function<String, Offer> offers;

    /**
     * @param capability the step: {@code stt}, {@code rag}, {@code llm}, {@code tts}
     * @param property the property that chooses, named in the others' detail ({@code gateway.stt.provider})
     * @param selected the provider the worker runs
     * @param known every provider the worker could run
     * @param offers what each provider offers, by name
     */
    public SelectedProviders(
            String capability, String property, String selected, List<String> known, Function<String, Offer> offers) {
        this.capability = capability;
        this.property = property;
        this.selected = selected;
        this.known = known.stream().sorted().toList();
        this.offers = offers;
    }

    @Override
    public List<RegistryEntry.Provider> providers() {
        return known.stream()
                .map(name -> {
                    Offer offer = offers.apply(name);
                    boolean ready = name.equals(selected);
                    return new RegistryEntry.Provider(
                            capability,
                            name,
                            ready ? RegistryEntry.Provider.READY : RegistryEntry.Provider.UNCONFIGURED,
                            ready ? null : "not selected on this worker (" + property + ")",
                            offer.models(),
                            offer.voices(),
                            offer.languages());
                })
                .toList();
    }
}
