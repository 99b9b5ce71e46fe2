package io.aigateway.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    private static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @ParameterizedTest(name = "{0} Hz tone from {1} Hz keeps its amplitude")
    @CsvSource({"1000,48000", "3000,44100", "6000,22050", "1000,8000", "440,11025", "5000,96000"})
    void toneBelowNyquistKeepsItsAmplitude(double hz, int rate) {
        float[] in = TestAudio.tone(hz, rate, rate, 0.5);
        float[] out = Resampler.resample(in, rate, 16000);
        double gain = TestAudio.rms(out) / TestAudio.rms(in);
        assertThat(Math.abs(db(gain))).isLessThan(0.1);
        // and it is still that tone: correlate with a reference at the new rate
        float[] reference = TestAudio.tone(hz, 16000, out.length, 0.5);
        double dot = 0;
        for (int i = out.length / 4; i < out.length * 3 / 4; i++) {
            dot += out[i] * reference[i];
        }
        double expected = 0.125 * (out.length / 2);
        assertThat(dot / expected).isCloseTo(1.0, within(0.02));
    }

    @ParameterizedTest(name = "{0} Hz tone from {1} Hz is attenuated by at least 70 dB")
    @CsvSource({"10000,48000", "9000,44100", "12000,32000", "20000,48000"})
    void toneAboveTheNewNyquistIsRemoved(double hz, int rate) {
        float[] in = TestAudio.tone(hz, rate, rate, 0.5);
        float[] out = Resampler.resample(in, rate, 16000);
        assertThat(db(TestAudio.rms(out) / TestAudio.rms(in))).isLessThan(-70);
    }

    @Test
    void lengthFollowsTheRatio() {
        assertThat(Resampler.resample(new float[44100], 44100, 16000)).hasSize(16000);
        assertThat(Resampler.resample(new float[48000 * 3], 48000, 16000)).hasSize(48000);
        assertThat(Resampler.resample(new float[1000], 44100, 16000)).hasSize(363); // ceil(362.8)
        assertThat(Resampler.resample(new float[8000], 8000, 16000)).hasSize(16000);
    }

    @Test
    void besselSeriesMatchesKnownValues() {
        assertThat(Resampler.bessel0(0)).isEqualTo(1.0);
        assertThat(Resampler.bessel0(1)).isCloseTo(1.2660658777520082, within(1e-12));
        assertThat(Resampler.bessel0(9)).isCloseTo(1093.5883545113745, within(1e-6));
    }
}
