package io.aigateway.stt.mock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What the header of a RIFF/WAVE file says about its audio: enough to know how long it lasts without decoding it.
 *
 * @param channels interleaved channels
 * @param sampleRate frames per second
 * @param bitsPerSample bits of one sample of one channel
 * @param byteRate bytes per second of audio
 * @param dataBytes bytes of audio in the {@code data} chunk (as many as are actually present)
 */
record WavHeader(int channels, int sampleRate, int bitsPerSample, long byteRate, long dataBytes) {

    /** Whether the bytes start like a WAV file ({@code RIFF....WAVE}). */
    static boolean looksLikeWav(byte[] content) {
        return content.length >= 12
                && ascii(content, 0).equals("RIFF")
                && ascii(content, 8).equals("WAVE");
    }

    /** Reads the header; throws {@link IllegalArgumentException} when the file is not a usable WAV. */
    static WavHeader parse(byte[] content) {
        if (!looksLikeWav(content)) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        long byteRate = 0;
        int position = 12;
        while (position + 8 <= content.length) {
            String id = ascii(content, position);
            long size = Integer.toUnsignedLong(in.getInt(position + 4));
            int body = position + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > content.length) {
                    throw new IllegalArgumentException("WAV fmt chunk is too short");
                }
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                sampleRate = in.getInt(body + 4);
                byteRate = Integer.toUnsignedLong(in.getInt(body + 8));
                bits = Short.toUnsignedInt(in.getShort(body + 14));
            } else if (id.equals("data")) {
                if (channels == 0 || sampleRate <= 0) {
                    throw new IllegalArgumentException("WAV data chunk before a valid fmt chunk");
                }
                if (byteRate == 0) {
                    byteRate = (long) sampleRate * channels * Math.max(1, bits / 8);
                }
                // streamed WAVs often carry a placeholder size: count only the bytes that are there
                long present = Math.min(size, content.length - body);
                return new WavHeader(channels, sampleRate, bits, byteRate, present);
            }
            // chunks are padded to an even length
            position = (int) Math.min(content.length, body + size + (size & 1));
        }
        throw new IllegalArgumentException("WAV file without a data chunk");
    }

    double durationSeconds() {
        return byteRate == 0 ? 0 : (double) dataBytes / byteRate;
    }

    private static String ascii(byte[] content, int offset) {
        return new String(content, offset, 4, StandardCharsets.US_ASCII);
    }
}
