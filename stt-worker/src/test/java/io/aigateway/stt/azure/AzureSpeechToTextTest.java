package io.aigateway.stt.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.stt.pcm.PcmAudio;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * The real Speech SDK, without Azure: its native library loads here, and pointed at a local port where nothing
 * listens it reports a cancellation that the adapter classifies. No test reaches the service.
 */
class AzureSpeechToTextTest {

    @Test
    void audioNot16KhzMonoIsRefusedBeforeTheSdkIsTouched() throws IOException {
        AzureSpeechToText azure = new AzureSpeechToText(
                new AzureSpeechRecognitionProperties("westeurope", null, "k", Duration.ofSeconds(5)), null);
        byte[] wav = wav(new AudioFormat(8_000, 16, 1, true, false), new byte[1600]);

        assertThatThrownBy(() -> azure.transcribe(
                        new TranscriptionRequest(wav, "audio/wav", "en-US"), PartialTranscriptListener.NONE))
                .isInstanceOfSatisfying(
                        StepException.class, e -> assertThat(e.code()).isEqualTo(PcmAudio.UNSUPPORTED_AUDIO_FORMAT));
    }

    @Test
    void aServiceThatCannotBeReachedIsARetryableFailure() throws IOException {
        AzureSpeechToText azure = new AzureSpeechToText(
                new AzureSpeechRecognitionProperties(
                        null, URI.create("wss://127.0.0.1:9/speech/recognition"), "not-a-key", Duration.ofSeconds(20)),
                null);
        byte[] wav = wav(new AudioFormat(16_000, 16, 1, true, false), new byte[32_000]);

        assertThatThrownBy(() -> azure.transcribe(
                        new TranscriptionRequest(wav, "audio/wav", "en-US", List.of("reset my password")),
                        PartialTranscriptListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("ConnectionFailure");
                });
    }

    private static byte[] wav(AudioFormat format, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(data), format, data.length / format.getFrameSize()),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }
}
