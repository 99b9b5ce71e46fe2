package io.aigateway.audio;

/**
 * Audio as the speech engines take it: a 16 kHz mono 16-bit PCM WAV.
 *
 * @param wav the whole file
 * @param durationSeconds its length, from the samples
 * @param source what the upload was
 * @param sourceSampleRate the upload's sample rate (after ffmpeg for formats Java does not decode)
 * @param sourceChannels the upload's channel count (1 after ffmpeg, which downmixes)
 */
public record NormalizedAudio(
        byte[] wav, double durationSeconds, AudioFormat source, int sourceSampleRate, int sourceChannels) {

    public static final String CONTENT_TYPE = "audio/wav";
}
