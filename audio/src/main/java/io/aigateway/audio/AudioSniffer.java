package io.aigateway.audio;

import java.nio.charset.StandardCharsets;

/**
 * Tells what a file is from its bytes, never from a name or a declared type: RIFF/WAVE (any format tag, {@code
 * WAVE_FORMAT_EXTENSIBLE} included), Ogg (Opus, Vorbis or Theora video from the first page), MP3 (an ID3 tag or an
 * MPEG audio frame header with valid fields), AAC in ADTS, WebM/Matroska (EBML; video when a track has a {@code V_}
 * codec), FLAC, MP4/M4A ({@code ftyp}; video when a track's handler is {@code vide}), and common files that are not
 * audio (AVI, MPEG-TS, images, PDF, archives, executables, text).
 */
public final class AudioSniffer {

    /** How far into a file track descriptions are looked for (Matroska tracks, MP4 handlers). */
    private static final int SCAN_LIMIT = 4 * 1024 * 1024;

    private AudioSniffer() {}

    public static AudioFormat detect(byte[] b) {
        if (b == null || b.length < 4) {
            return AudioFormat.UNKNOWN;
        }
        if (ascii(b, 0, "RIFF") || ascii(b, 0, "RF64")) {
            if (ascii(b, 8, "WAVE")) {
                return AudioFormat.WAV;
            }
            if (ascii(b, 8, "AVI ")) {
                return AudioFormat.AVI;
            }
            return AudioFormat.UNKNOWN;
        }
        if (ascii(b, 0, "OggS")) {
            return ogg(b);
        }
        if (ascii(b, 0, "fLaC")) {
            return AudioFormat.FLAC;
        }
        if (u8(b, 0) == 0x1A && u8(b, 1) == 0x45 && u8(b, 2) == 0xDF && u8(b, 3) == 0xA3) {
            return matroska(b);
        }
        if (b.length >= 12 && ascii(b, 4, "ftyp")) {
            return mp4(b);
        }
        if (ascii(b, 0, "ID3")) {
            return AudioFormat.MP3;
        }
        if (u8(b, 0) == 0x89 && ascii(b, 1, "PNG")) {
            return AudioFormat.PNG;
        }
        if (u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return AudioFormat.JPEG;
        }
        if (ascii(b, 0, "GIF8")) {
            return AudioFormat.GIF;
        }
        if (ascii(b, 0, "%PDF")) {
            return AudioFormat.PDF;
        }
        if (ascii(b, 0, "PK") && u8(b, 2) == 3 && u8(b, 3) == 4) {
            return AudioFormat.ZIP;
        }
        if (u8(b, 0) == 0x1F && u8(b, 1) == 0x8B) {
            return AudioFormat.GZIP;
        }
        if (ascii(b, 0, "MZ") || (u8(b, 0) == 0x7F && ascii(b, 1, "ELF"))) {
            return AudioFormat.EXECUTABLE;
        }
        if (b.length >= 188 * 3 && u8(b, 0) == 0x47 && u8(b, 188) == 0x47 && u8(b, 376) == 0x47) {
            return AudioFormat.MPEG_TS;
        }
        AudioFormat frame = mpegFrame(b);
        if (frame != null) {
            return frame;
        }
        if (text(b)) {
            return AudioFormat.TEXT;
        }
        return AudioFormat.UNKNOWN;
    }

    /** The first page's first packet names the codec. */
    private static AudioFormat ogg(byte[] b) {
        if (b.length < 27) {
            return AudioFormat.UNKNOWN;
        }
        int segments = u8(b, 26);
        int payload = 27 + segments;
        if (ascii(b, payload, "OpusHead")) {
            return AudioFormat.OGG_OPUS;
        }
        if (u8(b, payload) == 0x01 && ascii(b, payload + 1, "vorbis")) {
            return AudioFormat.OGG_VORBIS;
        }
        if (u8(b, payload) == 0x80 && ascii(b, payload + 1, "theora")) {
            return AudioFormat.OGG_VIDEO;
        }
        if (u8(b, payload) == 0x7F && ascii(b, payload + 1, "FLAC")) {
            return AudioFormat.FLAC;
        }
        return AudioFormat.OGG_OTHER;
    }

    /** WebM or Matroska by the EBML DocType; video when any track's CodecID starts with {@code V_}. */
    private static AudioFormat matroska(byte[] b) {
        boolean webm = indexOf(b, "webm", 0, Math.min(b.length, 64)) >= 0;
        boolean video = false;
        int limit = Math.min(b.length, SCAN_LIMIT);
        // the CodecID element (0x86) holds an ASCII string such as A_OPUS or V_VP9
        for (int i = 0; i + 3 < limit; i++) {
            if (u8(b, i) == 0x86 && (u8(b, i + 1) & 0x80) != 0 && b[i + 2] == 'V' && b[i + 3] == '_') {
                video = true;
                break;
            }
        }
        if (webm) {
            return video ? AudioFormat.WEBM_VIDEO : AudioFormat.WEBM_AUDIO;
        }
        return video ? AudioFormat.MATROSKA_VIDEO : AudioFormat.MATROSKA_AUDIO;
    }

    /** MP4: video when a track handler ({@code hdlr}) is {@code vide}; else audio when one is {@code soun}. */
    private static AudioFormat mp4(byte[] b) {
        String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
        int limit = Math.min(b.length, SCAN_LIMIT);
        boolean sound = false;
        for (int at = indexOf(b, "hdlr", 0, limit); at >= 0; at = indexOf(b, "hdlr", at + 4, limit)) {
            if (ascii(b, at + 12, "vide")) {
                return AudioFormat.MP4_VIDEO;
            }
            if (ascii(b, at + 12, "soun")) {
                sound = true;
            }
        }
        if (sound || brand.startsWith("M4A") || brand.startsWith("M4B") || brand.startsWith("F4A")) {
            return AudioFormat.MP4_AUDIO;
        }
        if (brand.startsWith("qt")) {
            return AudioFormat.MP4_VIDEO;
        }
        // no track description among the bytes and a generic brand: nothing says it is audio
        return AudioFormat.MP4_VIDEO;
    }

    /**
     * An MPEG audio frame header at the start (MP3 without an ID3 tag, or AAC in ADTS): the sync bits and fields that
     * are not reserved values. For layer III, a second header must follow the first frame when the bytes reach it.
     */
    private static AudioFormat mpegFrame(byte[] b) {
        if (u8(b, 0) != 0xFF || (u8(b, 1) & 0xE0) != 0xE0) {
            return null;
        }
        int version = (u8(b, 1) >> 3) & 3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
        int layer = (u8(b, 1) >> 1) & 3; // 0: reserved (ADTS), 1: III, 2: II, 3: I
        if (layer == 0) {
            boolean adts = (u8(b, 1) & 0xF6) == 0xF0 && ((u8(b, 2) >> 2) & 0xF) < 13;
            return adts ? AudioFormat.AAC_ADTS : null;
        }
        int bitrateIndex = u8(b, 2) >> 4;
        int rateIndex = (u8(b, 2) >> 2) & 3;
        if (version == 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return null;
        }
        if (version == 3 && layer == 1) {
            int[] kbps = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
            int[] rates = {44100, 48000, 32000};
            int length = 144 * kbps[bitrateIndex] * 1000 / rates[rateIndex] + ((u8(b, 2) >> 1) & 1);
            if (length + 1 < b.length && (u8(b, length) != 0xFF || (u8(b, length + 1) & 0xE0) != 0xE0)) {
                return null;
            }
        }
        return AudioFormat.MP3;
    }

    /** Printable UTF-8 text (JSON, HTML, CSV, a transcript pasted instead of a file) in the first kilobyte. */
    private static boolean text(byte[] b) {
        int n = Math.min(b.length, 1024);
        for (int i = 0; i < n; i++) {
            int c = u8(b, i);
            boolean ok = c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c != 0x7F);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean ascii(byte[] b, int at, String s) {
        if (at < 0 || at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, String s, int from, int limit) {
        for (int i = Math.max(0, from); i + s.length() <= limit; i++) {
            if (ascii(b, i, s)) {
                return i;
            }
        }
        return -1;
    }

    private static int u8(byte[] b, int at) {
        return at < b.length ? b[at] & 0xFF : -1;
    }
}
