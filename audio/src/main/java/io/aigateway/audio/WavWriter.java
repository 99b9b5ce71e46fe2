package io.aigateway.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes 16-bit PCM WAV (a plain 44-byte header), clipping samples to [-1, 1] and rounding. */
public final class WavWriter {

    private WavWriter() {}

    public static byte[] pcm16(PcmAudio audio) {
        int channels = audio.channels();
        int frames = audio.frames();
        int dataSize = frames * channels * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataSize);
        out.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        out.putShort((short) 1).putShort((short) channels).putInt(audio.sampleRate());
        out.putInt(audio.sampleRate() * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        out.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataSize);
        float[][] s = audio.samples();
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                float v = Math.max(-1f, Math.min(1f, s[c][f]));
                out.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767f))));
            }
        }
        return out.array();
    }
}
