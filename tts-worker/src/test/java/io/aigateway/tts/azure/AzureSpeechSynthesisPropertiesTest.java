package io.aigateway.tts.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AzureSpeechSynthesisPropertiesTest {

    @Test
    void aRegionAndAKeyAreEnough() {
        assertThat(props("westeurope", null, "secret").problems()).isEmpty();
    }

    @Test
    void anEndpointWithoutAKeySignsInWithAzureIdentity() {
        assertThat(props(null, URI.create("https://gw-speech.cognitiveservices.azure.com/"), null)
                        .problems())
                .isEmpty();
    }

    @Test
    void nothingOrBothOfRegionAndEndpointIsAProblem() {
        assertThat(props(null, null, "secret").problems())
                .singleElement()
                .asString()
                .contains("exactly one");
        assertThat(props("westeurope", URI.create("https://x.cognitiveservices.azure.com/"), "k")
                        .problems())
                .singleElement()
                .asString()
                .contains("exactly one");
    }

    @Test
    void withoutAKeyARegionIsNotEnoughForEntraId() {
        assertThat(props("westeurope", null, " ").problems())
                .singleElement()
                .asString()
                .contains("azure-identity")
                .contains("endpoint");
    }

    @Test
    void anEndpointMustBeHttpsOrWss() {
        assertThat(props(null, URI.create("http://x.cognitiveservices.azure.com/"), "k")
                        .problems())
                .singleElement()
                .asString()
                .contains("https://");
    }

    @Test
    void theCatalogDefaultsToTheDefaultVoiceAndReadsLanguagesFromNames() {
        AzureSpeechSynthesisProperties p = props("westeurope", null, "k");
        assertThat(p.voices()).containsExactly("en-US-JennyNeural");
        assertThat(AzureSpeechSynthesizer.languageOf("de-DE-KatjaNeural")).isEqualTo("de-DE");
        assertThat(AzureSpeechSynthesizer.languageOf("odd")).isEqualTo("und");
    }

    private static AzureSpeechSynthesisProperties props(String region, URI endpoint, String key) {
        return new AzureSpeechSynthesisProperties(region, endpoint, key, null, List.of(), Duration.ofSeconds(5));
    }
}
