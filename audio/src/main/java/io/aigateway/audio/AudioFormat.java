package io.aigateway.audio;

import java.util.Locale;

/**
 * What a file is, as told from its first bytes by {@link AudioSniffer}: the audio containers and codecs the gateway
 * meets, and the common files that are not audio (so that a video or a picture is refused as such, not as "invalid").
 */
public enum AudioFormat {
    WAV("audio/wav", true, "wav"),
    OGG_OPUS("audio/ogg; codecs=opus", true, "ogg"),
    OGG_VORBIS("audio/ogg; codecs=vorbis", true, "ogg"),
    OGG_OTHER("audio/ogg", true, "ogg"),
    MP3("audio/mpeg", true, "mp3"),
    WEBM_AUDIO("audio/webm", true, "webm"),
    MATROSKA_AUDIO("audio/x-matroska", true, "matroska"),
    FLAC("audio/flac", true, "flac"),
    MP4_AUDIO("audio/mp4", true, "mp4"),
    AAC_ADTS("audio/aac", true, "aac"),
    // not audio
    OGG_VIDEO("video/ogg", false, null),
    WEBM_VIDEO("video/webm", false, null),
    MATROSKA_VIDEO("video/x-matroska", false, null),
    MP4_VIDEO("video/mp4", false, null),
    AVI("video/x-msvideo", false, null),
    MPEG_TS("video/mp2t", false, null),
    PNG("image/png", false, null),
    JPEG("image/jpeg", false, null),
    GIF("image/gif", false, null),
    PDF("application/pdf", false, null),
    ZIP("application/zip", false, null),
    GZIP("application/gzip", false, null),
    EXECUTABLE("application/octet-stream", false, null),
    TEXT("text/plain", false, null),
    UNKNOWN("application/octet-stream", false, null);

    private final String mediaType;
    private final boolean audio;
    private final String ffmpegDemuxer;

    AudioFormat(String mediaType, boolean audio, String ffmpegDemuxer) {
        this.mediaType = mediaType;
        this.audio = audio;
        this.ffmpegDemuxer = ffmpegDemuxer;
    }

    /** The media type this kind of file is usually sent with. */
    public String mediaType() {
        return mediaType;
    }

    /** Whether this is audio (possibly one that needs ffmpeg), as opposed to a video or a non-media file. */
    public boolean isAudio() {
        return audio;
    }

    /** Whether the gateway decodes it in Java, without ffmpeg. */
    public boolean decodedInJava() {
        return this == WAV;
    }

    /** How the format is named in messages: {@code ogg/opus}, {@code mp4 video} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT)
                .replace("_audio", "")
                .replace('_', '/')
                .replace("/video", " video");
    }

    /** The ffmpeg demuxer name for this input, or null when ffmpeg is not asked to read it. */
    String ffmpegDemuxer() {
        return ffmpegDemuxer;
    }
}
