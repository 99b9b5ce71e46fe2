package io.aigateway.audio;

import io.aigateway.audio.AudioException.Code;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an upload into what the speech engines take ({@link NormalizedAudio}): the format is told from the bytes and
 * checked against the declared content type; WAV is decoded in Java, downmixed to mono and resampled to 16 kHz with
 * the band-limited {@link Resampler}; Ogg, MP3, WebM, Opus, FLAC and M4A go through ffmpeg when it is installed and are
 * refused with {@code unsupported_audio_format} (naming what is supported) when it is not. The duration limit is
 * checked from the WAV header before the samples are decoded, and again from the decoded samples.
 */
public final class AudioNormalizer {

    public static final int TARGET_RATE = 16_000;

    private final Optional<Ffmpeg> ffmpeg;
    private final Duration maxDuration;

    public AudioNormalizer(Optional<Ffmpeg> ffmpeg, Duration maxDuration) {
        this.ffmpeg = ffmpeg;
        this.maxDuration = maxDuration;
    }

    /** Whether formats other than WAV can be read (ffmpeg is installed). */
    public boolean transcodes() {
        return ffmpeg.isPresent();
    }

    /** The formats accepted, as a sentence for messages and documentation. */
    public String supported() {
        return ffmpeg.isPresent()
                ? "WAV (PCM 8/16/24/32-bit or float 32/64-bit, any rate and channel count), Ogg (Opus, Vorbis), MP3,"
                        + " WebM, Matroska audio, FLAC, M4A/MP4 audio and AAC"
                : "WAV (PCM 8/16/24/32-bit or float 32/64-bit, any rate and channel count); Ogg, MP3, WebM, Opus, FLAC"
                        + " and M4A need ffmpeg, which is not installed on this server";
    }

    /**
     * @param declaredType the request's {@code Content-Type} (or the multipart part's), null when none was given
     */
    public NormalizedAudio normalize(byte[] bytes, String declaredType) {
        if (bytes == null || bytes.length == 0) {
            throw new AudioException(Code.EMPTY_AUDIO, "the audio is empty (no bytes were sent)");
        }
        AudioFormat format = AudioSniffer.detect(bytes);
        checkDeclared(format, declaredType);
        if (format == AudioFormat.WAV) {
            WavDecoder.Header header = WavDecoder.header(bytes);
            checkDuration(header.durationSeconds());
            PcmAudio pcm = WavDecoder.decode(bytes);
            return finish(pcm, format, pcm.sampleRate(), pcm.channels());
        }
        if (ffmpeg.isEmpty()) {
            throw new AudioException(
                    Code.UNSUPPORTED_AUDIO_FORMAT,
                    format.label() + " audio needs ffmpeg, which is not installed on this server; supported: "
                            + supported());
        }
        byte[] wav = ffmpeg.get().toWav(bytes, format, TARGET_RATE);
        PcmAudio pcm = WavDecoder.decode(wav);
        return finish(pcm, format, pcm.sampleRate(), pcm.channels());
    }

    private NormalizedAudio finish(PcmAudio pcm, AudioFormat format, int rate, int channels) {
        if (pcm.frames() == 0) {
            throw new AudioException(Code.EMPTY_AUDIO, "the audio holds no samples");
        }
        checkDuration(pcm.durationSeconds());
        PcmAudio out = Resampler.resample(pcm.mono(), TARGET_RATE);
        return new NormalizedAudio(WavWriter.pcm16(out), out.durationSeconds(), format, rate, channels);
    }

    private void checkDuration(double seconds) {
        if (seconds > maxDuration.toMillis() / 1000.0) {
            throw new AudioException(
                    Code.AUDIO_TOO_LONG,
                    String.format(
                            Locale.ROOT,
                            "the audio lasts %.1f s; at most %d s are accepted",
                            seconds,
                            maxDuration.toSeconds()));
        }
    }

    /**
     * The bytes decide; the declared type must agree with them. A generic type ({@code application/octet-stream}, none)
     * takes whatever the bytes are. Anything recognisably not audio is refused as such whatever was declared.
     */
    static void checkDeclared(AudioFormat format, String declaredType) {
        String declared =
                declaredType == null ? "" : declaredType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!format.isAudio()) {
            if (format == AudioFormat.UNKNOWN || format == AudioFormat.TEXT) {
                throw new AudioException(
                        Code.INVALID_AUDIO,
                        "the bytes are not audio in any format the gateway knows"
                                + (declared.isEmpty() ? "" : " (declared " + declared + ")"));
            }
            throw new AudioException(
                    Code.NOT_AUDIO,
                    "the file is " + describe(format) + ", not audio"
                            + (format.name().contains("VIDEO")
                                            || format == AudioFormat.AVI
                                            || format == AudioFormat.MPEG_TS
                                    ? "; send the sound track alone"
                                    : ""));
        }
        if (declared.isEmpty() || declared.equals("application/octet-stream") || declared.equals("audio/*")) {
            return;
        }
        Set<AudioFormat> allowed = declaredFormats(declared);
        if (allowed == null) {
            throw new AudioException(
                    Code.UNSUPPORTED_AUDIO_FORMAT,
                    "Content-Type " + declared + " is not an audio type the gateway takes (the bytes are "
                            + format.label() + ")");
        }
        if (!allowed.contains(format)) {
            throw new AudioException(
                    Code.CONTENT_TYPE_MISMATCH,
                    "the Content-Type says " + declared + " but the bytes are " + format.label());
        }
    }

    /** The formats a declared type may carry; null for a type that is not audio. */
    static Set<AudioFormat> declaredFormats(String type) {
        return switch (type) {
            case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> Set.of(AudioFormat.WAV);
            case "audio/ogg", "audio/opus", "audio/vorbis", "application/ogg" ->
                Set.of(AudioFormat.OGG_OPUS, AudioFormat.OGG_VORBIS, AudioFormat.OGG_OTHER, AudioFormat.FLAC);
            case "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3" -> Set.of(AudioFormat.MP3);
            case "audio/webm" -> Set.of(AudioFormat.WEBM_AUDIO);
            case "audio/x-matroska", "audio/matroska" -> Set.of(AudioFormat.MATROSKA_AUDIO, AudioFormat.WEBM_AUDIO);
            case "audio/flac", "audio/x-flac" -> Set.of(AudioFormat.FLAC);
            case "audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac", "audio/x-aac" ->
                Set.of(AudioFormat.MP4_AUDIO, AudioFormat.AAC_ADTS);
            default -> type.startsWith("audio/") ? Set.of() : null;
        };
    }

    private static String describe(AudioFormat format) {
        return switch (format) {
            case PNG, JPEG, GIF -> "an image (" + format.mediaType() + ")";
            case PDF -> "a PDF document";
            case ZIP, GZIP -> "an archive (" + format.mediaType() + ")";
            case EXECUTABLE -> "an executable";
            default -> "a video (" + format.mediaType() + ")";
        };
    }
}
