package io.aigateway.stt.pcm;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The audio the speech engines take: 16 kHz, mono, 16-bit signed little-endian PCM, read from a WAV file (the ingress
 * normalizes every upload to that). The header is read properly (by {@code javax.sound.sampled}, which follows the
 * chunks and knows {@code WAVE_FORMAT_EXTENSIBLE}); anything else is refused, not guessed at:
 * {@value #UNSUPPORTED_AUDIO_FORMAT} for a readable WAV in another format, {@code invalid_input} for bytes that are no
 * WAV at all. Neither is retryable.
 *
 * @param samples the PCM, little-endian 16-bit, as many whole frames as the file holds
 */
public record PcmAudio(byte[] samples) {

    public static final int SAMPLE_RATE = 16_000;
    /** Error code of a WAV whose format is not 16 kHz mono 16-bit PCM. */
    public static final String UNSUPPORTED_AUDIO_FORMAT = "unsupported_audio_format";

    private static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;

    /** Reads a 16 kHz mono 16-bit PCM WAV, or throws a non-retryable {@link StepException} saying what is wrong. */
    public static PcmAudio fromWav(byte[] wav) {
        AudioFileFormat file;
        try {
            file = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav));
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new StepException(
                    ErrorCodes.INVALID_INPUT,
                    "the audio is not a readable WAV file: " + e.getMessage(),
                    false,
                    null,
                    e);
        }
        if (file.getType() != AudioFileFormat.Type.WAVE) {
            throw StepException.permanent(
                    UNSUPPORTED_AUDIO_FORMAT, "the speech engine takes WAV audio, not " + file.getType());
        }
        AudioFormat format = file.getFormat();
        boolean pcm16 = format.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && format.getSampleSizeInBits() == 16;
        if (!pcm16 || format.getChannels() != 1 || format.getSampleRate() != SAMPLE_RATE) {
            throw StepException.permanent(
                    UNSUPPORTED_AUDIO_FORMAT,
                    "the speech engine takes 16 kHz mono 16-bit PCM WAV, not " + describe(format)
                            + " (the ingress converts uploads to that)");
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            byte[] samples = in.readAllBytes();
            int whole = samples.length - (samples.length % 2);
            if (format.isBigEndian()) {
                for (int i = 0; i + 1 < whole; i += 2) {
                    byte b = samples[i];
                    samples[i] = samples[i + 1];
                    samples[i + 1] = b;
                }
            }
            return new PcmAudio(whole == samples.length ? samples : java.util.Arrays.copyOf(samples, whole));
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new StepException(
                    ErrorCodes.INVALID_INPUT, "the WAV audio cannot be read: " + e.getMessage(), false, null, e);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) BYTES_PER_SECOND;
    }

    private static String describe(AudioFormat format) {
        return String.format(
                java.util.Locale.ROOT,
                "%s %.0f Hz, %d bit, %d channel(s)",
                format.getEncoding(),
                format.getSampleRate(),
                format.getSampleSizeInBits(),
                format.getChannels());
    }
}
