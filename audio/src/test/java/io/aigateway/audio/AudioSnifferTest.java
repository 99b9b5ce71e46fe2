package io.aigateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioSnifferTest {

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(TestAudio.ascii(s));
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        out.writeBytes(new byte[64]);
        return out.toByteArray();
    }

    private static byte[] oggPage(byte[] firstPacket) {
        byte[] header = new byte[28];
        System.arraycopy(TestAudio.ascii("OggS"), 0, header, 0, 4);
        header[26] = 1;
        header[27] = (byte) firstPacket.length;
        return bytes(header, firstPacket);
    }

    @Test
    void wavAndExtensibleWav() {
        assertThat(AudioSniffer.detect(TestAudio.wav(new float[][] {new float[10]}, 8000, 16, false, false)))
                .isEqualTo(AudioFormat.WAV);
        assertThat(AudioSniffer.detect(TestAudio.wav(new float[][] {new float[10]}, 8000, 24, false, true)))
                .isEqualTo(AudioFormat.WAV);
        assertThat(AudioSniffer.detect(bytes("RIFF", new byte[4], "AVI LIST"))).isEqualTo(AudioFormat.AVI);
    }

    @Test
    void oggTellsOpusVorbisAndTheora() {
        assertThat(AudioSniffer.detect(oggPage(bytes("OpusHead", 1, 1)))).isEqualTo(AudioFormat.OGG_OPUS);
        assertThat(AudioSniffer.detect(oggPage(bytes(1, "vorbis")))).isEqualTo(AudioFormat.OGG_VORBIS);
        assertThat(AudioSniffer.detect(oggPage(bytes(0x80, "theora")))).isEqualTo(AudioFormat.OGG_VIDEO);
    }

    @Test
    void mp3WithAndWithoutId3() {
        assertThat(AudioSniffer.detect(bytes("ID3", 4, 0))).isEqualTo(AudioFormat.MP3);
        // MPEG-1 layer III, 128 kbit/s, 44.1 kHz: a 417-byte frame followed by the next header
        byte[] frames = new byte[900];
        for (int at : new int[] {0, 417, 834}) {
            frames[at] = (byte) 0xFF;
            frames[at + 1] = (byte) 0xFB;
            frames[at + 2] = (byte) 0x90;
        }
        assertThat(AudioSniffer.detect(frames)).isEqualTo(AudioFormat.MP3);
        frames[417] = 0; // no second frame where the first one ends: not MP3
        assertThat(AudioSniffer.detect(frames)).isNotEqualTo(AudioFormat.MP3);
        assertThat(AudioSniffer.detect(bytes(0xFF, 0xF1, 0x50, 0x80))).isEqualTo(AudioFormat.AAC_ADTS);
    }

    @Test
    void matroskaAndWebmTellAudioFromVideo() {
        byte[] ebml = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x82, (byte) 0x84};
        assertThat(AudioSniffer.detect(bytes(ebml, "webm", 0x86, 0x86, "A_OPUS")))
                .isEqualTo(AudioFormat.WEBM_AUDIO);
        assertThat(AudioSniffer.detect(bytes(ebml, "webm", 0x86, 0x85, "V_VP9", 0x86, 0x86, "A_OPUS")))
                .isEqualTo(AudioFormat.WEBM_VIDEO);
        assertThat(AudioSniffer.detect(bytes(ebml, "matroska", 0x86, 0x85, "A_AAC")))
                .isEqualTo(AudioFormat.MATROSKA_AUDIO);
    }

    @Test
    void mp4TellsAudioFromVideoByTrackHandler() {
        byte[] hdlrSound = bytes(new byte[4], "hdlr", new byte[8], "soun");
        byte[] hdlrVideo = bytes(new byte[4], "hdlr", new byte[8], "vide");
        assertThat(AudioSniffer.detect(bytes(new byte[4], "ftypM4A ", new byte[8], hdlrSound)))
                .isEqualTo(AudioFormat.MP4_AUDIO);
        assertThat(AudioSniffer.detect(bytes(new byte[4], "ftypisom", new byte[8], hdlrSound)))
                .isEqualTo(AudioFormat.MP4_AUDIO);
        assertThat(AudioSniffer.detect(bytes(new byte[4], "ftypisom", new byte[8], hdlrVideo, hdlrSound)))
                .isEqualTo(AudioFormat.MP4_VIDEO);
        assertThat(AudioSniffer.detect(bytes(new byte[4], "ftypM4A ", new byte[8])))
                .isEqualTo(AudioFormat.MP4_AUDIO);
    }

    @Test
    void flacAndNonAudioFiles() {
        assertThat(AudioSniffer.detect(bytes("fLaC"))).isEqualTo(AudioFormat.FLAC);
        assertThat(AudioSniffer.detect(bytes(0x89, "PNG", 13, 10))).isEqualTo(AudioFormat.PNG);
        assertThat(AudioSniffer.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0))).isEqualTo(AudioFormat.JPEG);
        assertThat(AudioSniffer.detect(bytes("%PDF-1.7"))).isEqualTo(AudioFormat.PDF);
        assertThat(AudioSniffer.detect(bytes("PK", 3, 4))).isEqualTo(AudioFormat.ZIP);
        assertThat(AudioSniffer.detect(TestAudio.ascii("{\"text\": \"hello\"}")))
                .isEqualTo(AudioFormat.TEXT);
        assertThat(AudioSniffer.detect(new byte[0])).isEqualTo(AudioFormat.UNKNOWN);
    }

    @Test
    void randomBytesAreNotMistakenForAudio() {
        Random random = new Random(42);
        int audio = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[4096];
            random.nextBytes(noise);
            if (AudioSniffer.detect(noise).isAudio()) {
                audio++;
            }
        }
        // only a frame sync by chance (0xFF then 0xE0 bits, with valid fields) can pass: under 1 in 1000
        assertThat(audio).isLessThanOrEqualTo(2);
    }
}
