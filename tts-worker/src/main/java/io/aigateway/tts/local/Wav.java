package io.aigateway.tts.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** The WAV handling the local voices need: wrap 16-bit PCM in a RIFF header, and read how long a WAV plays. */
final class Wav {

    static final int HEADER_BYTES = 44;

    private Wav() {}

    /** A canonical WAV file around little-endian 16-bit mono samples. */
    static byte[] pcm16Mono(int sampleRate, byte[] littleEndianSamples) {
        int blockAlign = 2;
        ByteBuffer wav =
                ByteBuffer.allocate(HEADER_BYTES + littleEndianSamples.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + littleEndianSamples.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) 1) // mono
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(littleEndianSamples.length)
                .put(littleEndianSamples);
        return wav.array();
    }

    /** Swaps the bytes of each 16-bit sample in place (big-endian to little-endian or back). */
    static void swapBytes(byte[] samples) {
        for (int i = 0; i + 1 < samples.length; i += 2) {
            byte b = samples[i];
            samples[i] = samples[i + 1];
            samples[i + 1] = b;
        }
    }

    /** How long a WAV file plays, in seconds; throws {@link IOException} when the bytes are not a readable WAV. */
    static double durationSeconds(byte[] wav) throws IOException {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav));
            if (format.getType() != AudioFileFormat.Type.WAVE) {
                throw new IOException("not a WAV file but " + format.getType());
            }
            long frames = format.getFrameLength();
            if (frames == AudioSystem.NOT_SPECIFIED) {
                frames = (wav.length - HEADER_BYTES)
                        / Math.max(1, format.getFormat().getFrameSize());
            }
            return frames / (double) format.getFormat().getFrameRate();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a readable WAV file: " + e.getMessage(), e);
        }
    }
}
