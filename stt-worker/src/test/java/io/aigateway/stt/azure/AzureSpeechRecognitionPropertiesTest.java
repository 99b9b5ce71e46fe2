package io.aigateway.stt.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AzureSpeechRecognitionPropertiesTest {

    @Test
    void aRegionAndAKeyOrAnEndpointWithOrWithoutAKeyAreEnough() {
        assertThat(props("westeurope", null, "secret").problems()).isEmpty();
        assertThat(props(null, URI.create("https://gw.cognitiveservices.azure.com/"), "secret")
                        .problems())
                .isEmpty();
        assertThat(props(null, URI.create("https://gw.cognitiveservices.azure.com/"), null)
                        .problems())
                .isEmpty();
    }

    @Test
    void nothingOrBothOfRegionAndEndpointIsAProblem() {
        assertThat(props(null, null, "secret").problems())
                .singleElement()
                .asString()
                .contains("exactly one");
        assertThat(props(" ", URI.create("https://gw.cognitiveservices.azure.com/"), "k")
                        .problems())
                .isEmpty();
        assertThat(props("westeurope", URI.create("https://gw.cognitiveservices.azure.com/"), "k")
                        .problems())
                .singleElement()
                .asString()
                .contains("exactly one");
    }

    @Test
    void withoutAKeyARegionIsNotEnoughForEntraId() {
        assertThat(props("westeurope", null, null).problems())
                .singleElement()
                .asString()
                .contains("azure-identity")
                .contains("custom domain");
    }

    @Test
    void aPlainHttpEndpointOrANonPositiveTimeoutIsAProblem() {
        assertThat(props(null, URI.create("http://gw.cognitiveservices.azure.com/"), "k")
                        .problems())
                .singleElement()
                .asString()
                .contains("https://");
        assertThat(new AzureSpeechRecognitionProperties("westeurope", null, "k", Duration.ZERO).problems())
                .singleElement()
                .asString()
                .contains("timeout");
    }

    private static AzureSpeechRecognitionProperties props(String region, URI endpoint, String key) {
        return new AzureSpeechRecognitionProperties(region, endpoint, key, Duration.ofSeconds(30));
    }
}
