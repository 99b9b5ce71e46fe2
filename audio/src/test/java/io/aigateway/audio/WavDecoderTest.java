package io.aigateway.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavDecoderTest {

    @ParameterizedTest(name = "{0}-bit float={1} extensible={2}")
    @CsvSource({
        "8,false,false",
        "16,false,false",
        "24,false,false",
        "32,false,false",
        "32,true,false",
        "64,true,false",
        "16,false,true",
        "24,false,true",
        "32,true,true"
    })
    void decodesEveryDepth(int bits, boolean floats, boolean extensible) {
        float[] left = TestAudio.tone(440, 22050, 2205, 0.5);
        float[] right = TestAudio.tone(880, 22050, 2205, 0.25);
        PcmAudio pcm = WavDecoder.decode(TestAudio.wav(new float[][] {left, right}, 22050, bits, floats, extensible));
        assertThat(pcm.sampleRate()).isEqualTo(22050);
        assertThat(pcm.channels()).isEqualTo(2);
        assertThat(pcm.frames()).isEqualTo(2205);
        assertThat(pcm.durationSeconds()).isCloseTo(0.1, within(1e-9));
        double tolerance = bits == 8 ? 0.01 : 1e-4;
        for (int i = 0; i < 2205; i += 97) {
            assertThat((double) pcm.samples()[0][i]).isCloseTo(left[i], within(tolerance));
            assertThat((double) pcm.samples()[1][i]).isCloseTo(right[i], within(tolerance));
        }
    }

    @Test
    void downmixAveragesChannels() {
        float[] a = {0.5f, -0.5f, 1f};
        float[] b = {0.25f, 0.5f, -1f};
        PcmAudio mono = new PcmAudio(8000, new float[][] {a, b}).mono();
        assertThat(mono.samples()[0]).containsExactly(0.375f, 0f, 0f);
    }

    @Test
    void truncatedFileIsRefusedWithWhatIsMissing() {
        byte[] wav = TestAudio.wav(new float[][] {new float[1000]}, 16000, 16, false, false);
        byte[] cut = Arrays.copyOf(wav, wav.length - 500);
        assertThatThrownBy(() -> WavDecoder.decode(cut))
                .isInstanceOfSatisfying(
                        AudioException.class, e -> assertThat(e.code()).isEqualTo(AudioException.Code.INVALID_AUDIO))
                .hasMessageContaining("truncated")
                .hasMessageContaining("2000 bytes");
        assertThatThrownBy(() -> WavDecoder.decode(Arrays.copyOf(wav, 30)))
                .isInstanceOf(AudioException.class)
                .hasMessageContaining("fmt chunk");
    }

    @Test
    void inconsistentHeaderIsRefused() {
        byte[] wav = TestAudio.wav(new float[][] {new float[100]}, 16000, 16, false, false);
        wav[32] = 4; // block align 4 for one 16-bit channel
        assertThatThrownBy(() -> WavDecoder.decode(wav))
                .isInstanceOfSatisfying(
                        AudioException.class, e -> assertThat(e.code()).isEqualTo(AudioException.Code.INVALID_AUDIO))
                .hasMessageContaining("block align");
        byte[] zeroChannels = TestAudio.wav(new float[][] {new float[100]}, 16000, 16, false, false);
        zeroChannels[22] = 0;
        assertThatThrownBy(() -> WavDecoder.decode(zeroChannels)).hasMessageContaining("0 channels");
    }

    @Test
    void compressedWavIsUnsupportedNotInvalid() {
        byte[] wav = TestAudio.wav(new float[][] {new float[100]}, 8000, 16, false, false);
        wav[20] = 7; // mu-law
        assertThatThrownBy(() -> WavDecoder.decode(wav))
                .isInstanceOfSatisfying(
                        AudioException.class,
                        e -> assertThat(e.code()).isEqualTo(AudioException.Code.UNSUPPORTED_AUDIO_FORMAT));
    }

    @Test
    void writerRoundTrips() {
        float[] tone = TestAudio.tone(300, 16000, 1600, 0.8);
        byte[] wav = WavWriter.pcm16(new PcmAudio(16000, new float[][] {tone}));
        assertThat(wav).hasSize(44 + 3200);
        PcmAudio back = WavDecoder.decode(wav);
        assertThat(back.sampleRate()).isEqualTo(16000);
        assertThat(back.frames()).isEqualTo(1600);
        assertThat((double) back.samples()[0][123]).isCloseTo(tone[123], within(1e-4));
    }
}
