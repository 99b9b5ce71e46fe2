package io.aigateway.pipeline.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.config.RegistryEntry;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;

class SelectedProvidersTest {

    @Test
    void theChosenProviderIsReadyAndTheOthersSayWhatIsMissing() {
        SelectedProviders catalog = new SelectedProviders(
                "tts",
                "gateway.tts.provider",
                "freetts",
                List.of("mock", "freetts", "azure-speech"),
                name -> name.equals("freetts")
                        ? new SelectedProviders.Offer(List.of(), List.of("kevin16"), List.of("en-US"))
                        : SelectedProviders.Offer.NOTHING);

        assertThat(catalog.providers())
                .extracting(RegistryEntry.Provider::name, RegistryEntry.Provider::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("azure-speech", "unconfigured"),
                        org.assertj.core.groups.Tuple.tuple("freetts", "ready"),
                        org.assertj.core.groups.Tuple.tuple("mock", "unconfigured"));
        assertThat(catalog.providers().get(1).voices()).containsExactly("kevin16");
        assertThat(catalog.providers().get(0).detail()).contains("gateway.tts.provider");
    }

    @Test
    void aReadyProviderWhoseCallsMostlyFailIsAnnouncedAsFailing() {
        ProviderHealth health = new ProviderHealth(Clock.systemUTC());
        SelectedProviders catalog = new SelectedProviders(
                "llm", "gateway.llm.provider", "azure", List.of("azure"), name -> SelectedProviders.Offer.NOTHING);
        RegistryAnnouncer announcer = new RegistryAnnouncer(
                "llm-worker", List.of(catalog), health, new GatewayProducer(new MockProducer<>()), Clock.systemUTC());

        assertThat(announcer.entry().providers().get(0).status()).isEqualTo("ready");
        health.succeeded("llm", "azure");
        health.failed("llm", "azure");
        health.failed("llm", "azure");
        assertThat(announcer.entry().providers().get(0).status()).isEqualTo("ready"); // 2 of 3: not yet
        health.failed("llm", "azure");
        health.failed("llm", "azure");
        health.failed("llm", "azure");
        assertThat(announcer.entry().providers().get(0).status()).isEqualTo("failing");
    }
}
