package io.aigateway.tts.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.tts.synthesize.SynthesisRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real Speech SDK, without Azure: its native library loads here, and pointed at a local port where nothing
 * listens it cancels the synthesis, which the adapter classifies. No test reaches the service.
 */
class AzureSpeechSynthesizerTest {

    @Test
    void aServiceThatCannotBeReachedIsARetryableFailure() {
        AzureSpeechSynthesizer azure = new AzureSpeechSynthesizer(
                new AzureSpeechSynthesisProperties(
                        null,
                        URI.create("wss://127.0.0.1:9/cognitiveservices/websocket/v1"),
                        "not-a-key",
                        "en-US-JennyNeural",
                        List.of(),
                        Duration.ofSeconds(20)),
                null);

        assertThatThrownBy(() -> azure.synthesize(new SynthesisRequest("Hello.", "default", "en-US")))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("ConnectionFailure");
                });
    }
}
