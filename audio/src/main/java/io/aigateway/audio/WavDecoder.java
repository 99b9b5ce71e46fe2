package io.aigateway.audio;

import io.aigateway.audio.AudioException.Code;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads RIFF/WAVE files: integer PCM of 8 (unsigned), 16, 24 and 32 bits and IEEE float of 32 and 64 bits, plain or
 * {@code WAVE_FORMAT_EXTENSIBLE}, any channel count and sample rate. Headers are checked rather than trusted: a file
 * whose {@code fmt} chunk is missing or inconsistent, whose {@code data} chunk is missing, or whose samples stop before
 * the length the header gives is refused with {@code invalid_audio}; compressed WAV (ADPCM, µ-law ...) with {@code
 * unsupported_audio_format}. A {@code data} length of 0 or 0xFFFFFFFF (written by streaming recorders that never went
 * back to fill it in) means "to the end of the file".
 */
public final class WavDecoder {

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHANNELS = 64;

    private WavDecoder() {}

    /** The format the header describes, without decoding the samples. */
    public record Header(
            int formatTag, int channels, int sampleRate, int bitsPerSample, int dataOffset, long dataSize) {

        public int bytesPerFrame() {
            return channels * (bitsPerSample / 8);
        }

        public long frames() {
            return dataSize / bytesPerFrame();
        }

        public double durationSeconds() {
            return (double) frames() / sampleRate;
        }
    }

    public static PcmAudio decode(byte[] wav) {
        return decode(wav, header(wav));
    }

    public static Header header(byte[] wav) {
        if (wav.length < 12 || !AudioSniffer.ascii(wav, 0, "RIFF") || !AudioSniffer.ascii(wav, 8, "WAVE")) {
            throw invalid("not a RIFF/WAVE file");
        }
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        int formatTag = -1;
        int channels = 0;
        int sampleRate = 0;
        int blockAlign = 0;
        int bits = 0;
        while (at + 8 <= wav.length) {
            String id = new String(wav, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            int body = at + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + size > wav.length) {
                    throw invalid("the fmt chunk is " + (size < 16 ? "too short" : "cut off"));
                }
                formatTag = in.getShort(body) & 0xFFFF;
                channels = in.getShort(body + 2) & 0xFFFF;
                sampleRate = in.getInt(body + 4);
                blockAlign = in.getShort(body + 12) & 0xFFFF;
                bits = in.getShort(body + 14) & 0xFFFF;
                if (formatTag == EXTENSIBLE) {
                    if (size < 40) {
                        throw invalid("WAVE_FORMAT_EXTENSIBLE with a fmt chunk of " + size + " bytes (needs 40)");
                    }
                    // the sub-format GUID starts with the format tag it stands for
                    formatTag = in.getShort(body + 24) & 0xFFFF;
                }
            } else if (id.equals("data")) {
                if (formatTag < 0) {
                    throw invalid("the data chunk comes before any fmt chunk");
                }
                long available = wav.length - body;
                long dataSize = size;
                if (size == 0 || size == 0xFFFFFFFFL) {
                    dataSize = available;
                } else if (size > available) {
                    throw invalid("truncated: the header announces " + size + " bytes of samples but only " + available
                            + " follow");
                }
                Header header = new Header(formatTag, channels, sampleRate, bits, body, dataSize);
                check(header, blockAlign);
                return header;
            }
            at = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw invalid(formatTag < 0 ? "no fmt chunk" : "no data chunk (the file may be truncated)");
    }

    private static void check(Header h, int blockAlign) {
        if (h.formatTag() != PCM && h.formatTag() != IEEE_FLOAT) {
            throw new AudioException(
                    Code.UNSUPPORTED_AUDIO_FORMAT,
                    "WAV with format tag 0x" + Integer.toHexString(h.formatTag())
                            + " (compressed) is not supported; send PCM or IEEE float WAV");
        }
        if (h.channels() < 1 || h.channels() > MAX_CHANNELS) {
            throw invalid("the header gives " + h.channels() + " channels");
        }
        if (h.sampleRate() < 1000 || h.sampleRate() > 768_000) {
            throw invalid("the header gives a sample rate of " + h.sampleRate() + " Hz");
        }
        boolean bitsOk = h.formatTag() == PCM
                ? h.bitsPerSample() == 8
                        || h.bitsPerSample() == 16
                        || h.bitsPerSample() == 24
                        || h.bitsPerSample() == 32
                : h.bitsPerSample() == 32 || h.bitsPerSample() == 64;
        if (!bitsOk) {
            String kind = h.formatTag() == PCM ? "integer PCM" : "float";
            throw new AudioException(
                    Code.UNSUPPORTED_AUDIO_FORMAT,
                    h.bitsPerSample() + "-bit " + kind
                            + " WAV is not supported; integer PCM of 8, 16, 24 or 32 bits and float of 32 or 64 bits are");
        }
        if (blockAlign != h.bytesPerFrame()) {
            throw invalid("inconsistent header: block align " + blockAlign + " for " + h.channels() + " channels of "
                    + h.bitsPerSample() + " bits");
        }
    }

    private static PcmAudio decode(byte[] wav, Header h) {
        int frames = (int) Math.min(h.frames(), Integer.MAX_VALUE);
        float[][] out = new float[h.channels()][frames];
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int bytes = h.bitsPerSample() / 8;
        int at = h.dataOffset();
        boolean floats = h.formatTag() == IEEE_FLOAT;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < h.channels(); c++) {
                out[c][f] = sample(in, at, bytes, floats);
                at += bytes;
            }
        }
        return new PcmAudio(h.sampleRate(), out);
    }

    private static float sample(ByteBuffer in, int at, int bytes, boolean floats) {
        if (floats) {
            double v = bytes == 4 ? in.getFloat(at) : in.getDouble(at);
            if (Double.isNaN(v)) {
                return 0f;
            }
            return (float) Math.max(-1.0, Math.min(1.0, v));
        }
        return switch (bytes) {
            case 1 -> ((in.get(at) & 0xFF) - 128) / 128f;
            case 2 -> in.getShort(at) / 32768f;
            case 3 -> (((in.get(at + 2) << 16) | ((in.get(at + 1) & 0xFF) << 8) | (in.get(at) & 0xFF))) / 8388608f;
            default -> (float) (in.getInt(at) / 2147483648.0);
        };
    }

    private static AudioException invalid(String why) {
        return new AudioException(Code.INVALID_AUDIO, "the WAV file cannot be read: " + why);
    }
}
