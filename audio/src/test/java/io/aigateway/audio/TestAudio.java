package io.aigateway.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files of any layout for tests, independently of {@link WavWriter}. */
final class TestAudio {

    private TestAudio() {}

    static float[] tone(double hz, int rate, int frames, double amplitude) {
        float[] s = new float[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** A WAV with {@code formatTag} 1 (PCM) or 3 (float), optionally as WAVE_FORMAT_EXTENSIBLE. */
    static byte[] wav(float[][] channels, int rate, int bits, boolean floats, boolean extensible) {
        int frames = channels[0].length;
        int bytes = bits / 8;
        int dataSize = frames * channels.length * bytes;
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(4 + 8 + fmtSize + 8 + dataSize).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize);
        b.putShort((short) (extensible ? 0xFFFE : floats ? 3 : 1)).putShort((short) channels.length);
        b.putInt(rate).putInt(rate * channels.length * bytes).putShort((short) (channels.length * bytes));
        b.putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(0);
            b.putShort((short) (floats ? 3 : 1)).put(new byte[14]);
        }
        b.put(ascii("data")).putInt(dataSize);
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                double v = channel[f];
                if (floats) {
                    if (bits == 32) {
                        b.putFloat((float) v);
                    } else {
                        b.putDouble(v);
                    }
                } else {
                    switch (bits) {
                        case 8 -> b.put((byte) (Math.round(v * 127) + 128));
                        case 16 -> b.putShort((short) Math.round(v * 32767));
                        case 24 -> {
                            int x = (int) Math.round(v * 8388607);
                            b.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
                        }
                        default -> b.putInt((int) Math.round(v * 2147483647.0));
                    }
                }
            }
        }
        return b.array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Root mean square over the middle of the signal (the edges carry the filter's start-up). */
    static double rms(float[] s) {
        int from = s.length / 4;
        int to = s.length * 3 / 4;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
