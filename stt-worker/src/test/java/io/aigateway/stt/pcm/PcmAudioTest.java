package io.aigateway.stt.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class PcmAudioTest {

    @Test
    void reads16KhzMono16BitPcmSamplesAsTheyAre() throws IOException {
        byte[] samples = new byte[32_000];
        new Random(7).nextBytes(samples);

        PcmAudio pcm =
                PcmAudio.fromWav(wav(new AudioFormat(16_000, 16, 1, true, false), samples, AudioFileFormat.Type.WAVE));

        assertThat(pcm.samples()).isEqualTo(samples);
        assertThat(pcm.durationSeconds()).isEqualTo(1.0);
    }

    @Test
    void otherRatesChannelsAndDepthsAreRefusedNamingTheFormat() {
        assertUnsupported(new AudioFormat(8_000, 16, 1, true, false), "8000 Hz");
        assertUnsupported(new AudioFormat(44_100, 16, 1, true, false), "44100 Hz");
        assertUnsupported(new AudioFormat(16_000, 16, 2, true, false), "2 channel");
        assertUnsupported(new AudioFormat(16_000, 8, 1, false, false), "8 bit");
        assertUnsupported(new AudioFormat(16_000, 24, 1, true, false), "24 bit");
    }

    @Test
    void anotherContainerIsRefused() throws IOException {
        byte[] aiff = wav(new AudioFormat(16_000, 16, 1, true, true), new byte[3200], AudioFileFormat.Type.AIFF);

        assertThatThrownBy(() -> PcmAudio.fromWav(aiff)).isInstanceOfSatisfying(StepException.class, e -> {
            assertThat(e.code()).isEqualTo(PcmAudio.UNSUPPORTED_AUDIO_FORMAT);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("AIFF");
        });
    }

    @Test
    void bytesThatAreNoWavAreInvalidInput() {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);

        for (byte[] bad : new byte[][] {noise, new byte[0], "RIFF".getBytes()}) {
            assertThatThrownBy(() -> PcmAudio.fromWav(bad)).isInstanceOfSatisfying(StepException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                assertThat(e.retryable()).isFalse();
            });
        }
    }

    @Test
    void aTruncatedWavGivesTheWholeFramesThatArePresent() throws IOException {
        byte[] full = wav(new AudioFormat(16_000, 16, 1, true, false), new byte[3200], AudioFileFormat.Type.WAVE);
        byte[] truncated = Arrays.copyOf(full, 44 + 1001);

        assertThat(PcmAudio.fromWav(truncated).samples()).hasSize(1000);
    }

    private static void assertUnsupported(AudioFormat format, String named) {
        assertThatThrownBy(() -> PcmAudio.fromWav(
                        wav(format, new byte[format.getFrameSize() * 1600], AudioFileFormat.Type.WAVE)))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(PcmAudio.UNSUPPORTED_AUDIO_FORMAT);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(named).contains("16 kHz mono 16-bit PCM");
                });
    }

    private static byte[] wav(AudioFormat format, byte[] data, AudioFileFormat.Type type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(data), format, data.length / format.getFrameSize()),
                type,
                out);
        return out.toByteArray();
    }
}
