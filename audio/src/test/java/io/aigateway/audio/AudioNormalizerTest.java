package io.aigateway.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aigateway.audio.AudioException.Code;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioNormalizerTest {

    private final AudioNormalizer withoutFfmpeg = new AudioNormalizer(Optional.empty(), Duration.ofSeconds(5));

    private static Code codeOf(Runnable r) {
        try {
            r.run();
        } catch (AudioException e) {
            return e.code();
        }
        throw new AssertionError("no AudioException");
    }

    @Test
    void stereo44kFloatBecomes16kMono16Bit() {
        float[] tone = TestAudio.tone(500, 44100, 44100 * 2, 0.5);
        byte[] upload = TestAudio.wav(new float[][] {tone, tone}, 44100, 32, true, true);
        NormalizedAudio out = withoutFfmpeg.normalize(upload, "audio/wav");
        assertThat(out.durationSeconds()).isCloseTo(2.0, within(1e-3));
        assertThat(out.source()).isEqualTo(AudioFormat.WAV);
        assertThat(out.sourceSampleRate()).isEqualTo(44100);
        assertThat(out.sourceChannels()).isEqualTo(2);
        WavDecoder.Header header = WavDecoder.header(out.wav());
        assertThat(header.sampleRate()).isEqualTo(16000);
        assertThat(header.channels()).isEqualTo(1);
        assertThat(header.bitsPerSample()).isEqualTo(16);
        assertThat(header.frames()).isEqualTo(32000);
        assertThat(TestAudio.rms(WavDecoder.decode(out.wav()).samples()[0]))
                .isCloseTo(0.5 / Math.sqrt(2), within(0.01));
    }

    @Test
    void badInputsGetTheirCodes() {
        byte[] wav = TestAudio.wav(new float[][] {new float[16000]}, 16000, 16, false, false);
        byte[] noise = new byte[3000];
        new Random(7).nextBytes(noise);
        noise[0] = 0; // not a frame sync
        byte[] video = new byte[200];
        System.arraycopy(TestAudio.ascii("ftypisom"), 0, video, 4, 8);
        System.arraycopy(TestAudio.ascii("hdlr"), 0, video, 40, 4);
        System.arraycopy(TestAudio.ascii("vide"), 0, video, 52, 4);
        byte[] ogg = new byte[100];
        System.arraycopy(TestAudio.ascii("OggS"), 0, ogg, 0, 4);
        ogg[26] = 1;
        System.arraycopy(TestAudio.ascii("OpusHead"), 0, ogg, 28, 8);

        assertThat(codeOf(() -> withoutFfmpeg.normalize(new byte[0], "audio/wav")))
                .isEqualTo(Code.EMPTY_AUDIO);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(noise, "audio/wav"))).isEqualTo(Code.INVALID_AUDIO);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(video, "video/mp4"))).isEqualTo(Code.NOT_AUDIO);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(video, "audio/mp4"))).isEqualTo(Code.NOT_AUDIO);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(wav, "audio/mpeg"))).isEqualTo(Code.CONTENT_TYPE_MISMATCH);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(wav, "text/plain"))).isEqualTo(Code.UNSUPPORTED_AUDIO_FORMAT);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(ogg, "audio/ogg"))).isEqualTo(Code.UNSUPPORTED_AUDIO_FORMAT);
        byte[] tooLong = TestAudio.wav(new float[][] {new float[8000 * 6]}, 8000, 8, false, false);
        assertThat(codeOf(() -> withoutFfmpeg.normalize(tooLong, null))).isEqualTo(Code.AUDIO_TOO_LONG);
        assertThat(withoutFfmpeg.normalize(wav, "application/octet-stream").durationSeconds())
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void withoutFfmpegTheRefusalNamesWhatIsSupported() {
        byte[] flac = new byte[100];
        System.arraycopy(TestAudio.ascii("fLaC"), 0, flac, 0, 4);
        assertThatThrownBy(() -> withoutFfmpeg.normalize(flac, "audio/flac"))
                .hasMessageContaining("needs ffmpeg")
                .hasMessageContaining("WAV (PCM 8/16/24/32-bit");
    }
}
