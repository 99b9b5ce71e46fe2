package io.aigateway.audio;

/**
 * Decoded audio: samples in [-1, 1] per channel ({@code samples[channel][frame]}) at a sample rate.
 */
public record PcmAudio(int sampleRate, float[][] samples) {

    public PcmAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("at least one channel");
        }
    }

    public int channels() {
        return samples.length;
    }

    public int frames() {
        return samples[0].length;
    }

    /** Length in seconds, from the samples themselves. */
    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }

    /** The channels averaged into one. */
    public PcmAudio mono() {
        if (channels() == 1) {
            return this;
        }
        float[] out = new float[frames()];
        for (float[] channel : samples) {
            for (int i = 0; i < out.length; i++) {
                out[i] += channel[i];
            }
        }
        float scale = 1f / channels();
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return new PcmAudio(sampleRate, new float[][] {out});
    }
}
