package io.aigateway.tts.mock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes 16-bit PCM as a canonical WAV file: the 44-byte RIFF header, then the samples. */
final class Wav {

    static final int HEADER_BYTES = 44;

    private Wav() {}

    /** A WAV file around little-endian 16-bit mono samples. */
    static byte[] pcm16Mono(int sampleRate, byte[] samples) {
        int channels = 1;
        int bits = 16;
        int blockAlign = channels * bits / 8;
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + samples.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + samples.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(samples.length)
                .put(samples);
        return wav.array();
    }
}
