package io.aigateway.audio;

/**
 * Band-limited sample-rate conversion: each output sample is the input convolved with a low-pass sinc filter windowed
 * by a Kaiser window, evaluated at the exact (fractional) input position. The filter is tabulated once ({@value
 * #OVERSAMPLE} points per zero crossing, linearly interpolated), so any pair of rates works, not only integer ratios.
 *
 * <p>The cut-off is {@value #ROLLOFF} of the lower of the two Nyquist frequencies: going down from 48 kHz to 16 kHz it
 * sits at 7.36 kHz, and with {@value #ZERO_CROSSINGS} zero crossings each side and Kaiser β = {@value #BETA} the stop
 * band (from about 8.1 kHz) is attenuated by more than 80 dB, so nothing above the new Nyquist folds back into speech.
 * Below the cut-off the gain is flat (within 0.1 dB up to 6 kHz). Upsampling uses the same filter at the input's
 * Nyquist, as an interpolator. The output has {@code ceil(frames × out / in)} frames.
 */
public final class Resampler {

    static final int ZERO_CROSSINGS = 32;
    static final int OVERSAMPLE = 512;
    static final double BETA = 9.0;
    static final double ROLLOFF = 0.92;

    private static final float[] TABLE = table();

    private Resampler() {}

    /** The audio at {@code targetRate}, each channel resampled alike; the same audio when the rate already matches. */
    public static PcmAudio resample(PcmAudio audio, int targetRate) {
        if (audio.sampleRate() == targetRate) {
            return audio;
        }
        float[][] out = new float[audio.channels()][];
        for (int c = 0; c < audio.channels(); c++) {
            out[c] = resample(audio.samples()[c], audio.sampleRate(), targetRate);
        }
        return new PcmAudio(targetRate, out);
    }

    public static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive");
        }
        double ratio = (double) toRate / fromRate;
        int frames = (int) Math.ceil(in.length * ratio);
        float[] out = new float[frames];
        double scale = Math.min(1.0, ratio) * ROLLOFF; // filter cut-off, as a fraction of the input's Nyquist
        double halfWidth = ZERO_CROSSINGS / scale; // in input samples
        for (int n = 0; n < frames; n++) {
            double t = n / ratio;
            int first = Math.max(0, (int) Math.ceil(t - halfWidth));
            int last = Math.min(in.length - 1, (int) Math.floor(t + halfWidth));
            double acc = 0;
            for (int k = first; k <= last; k++) {
                double u = Math.abs(t - k) * scale * OVERSAMPLE;
                int i = (int) u;
                if (i >= TABLE.length - 1) {
                    continue;
                }
                double frac = u - i;
                acc += in[k] * (TABLE[i] + frac * (TABLE[i + 1] - TABLE[i]));
            }
            out[n] = (float) (acc * scale);
        }
        return out;
    }

    /** sinc(x)·kaiser(x / zero crossings) for x from 0 to the last zero crossing, {@value #OVERSAMPLE} points apart. */
    private static float[] table() {
        int size = ZERO_CROSSINGS * OVERSAMPLE + 2;
        float[] t = new float[size];
        double norm = bessel0(BETA);
        for (int i = 0; i < size; i++) {
            double x = (double) i / OVERSAMPLE;
            double r = x / ZERO_CROSSINGS;
            if (r >= 1) {
                t[i] = 0f;
                continue;
            }
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            t[i] = (float) (sinc * bessel0(BETA * Math.sqrt(1 - r * r)) / norm);
        }
        return t;
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    static double bessel0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
        }
        return sum;
    }
}
