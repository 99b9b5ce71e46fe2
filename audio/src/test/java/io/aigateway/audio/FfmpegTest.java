package io.aigateway.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs only where ffmpeg is installed (skipped, with the reason, elsewhere). */
class FfmpegTest {

    private Optional<Ffmpeg> ffmpeg;

    @BeforeEach
    void needsFfmpeg() {
        ffmpeg = Ffmpeg.onPath(Duration.ofSeconds(30));
        assumeTrue(ffmpeg.isPresent(), "ffmpeg is not on the PATH: the transcoding tests are skipped");
    }

    @Test
    void encodedFormatsComeBackAs16kMonoWav() {
        float[] tone = TestAudio.tone(440, 48000, 48000, 0.5);
        byte[] wav = WavWriter.pcm16(new PcmAudio(48000, new float[][] {tone, tone}));
        AudioNormalizer normalizer = new AudioNormalizer(ffmpeg, Duration.ofSeconds(60));
        for (String target : new String[] {"mp3", "opus", "flac"}) {
            byte[] encoded = ffmpeg.get().encode(wav, target);
            AudioFormat detected = AudioSniffer.detect(encoded);
            assertThat(detected.isAudio()).as(target).isTrue();
            NormalizedAudio out = normalizer.normalize(encoded, detected.mediaType());
            assertThat(out.durationSeconds()).as(target).isCloseTo(1.0, within(0.1));
            assertThat(WavDecoder.header(out.wav()).sampleRate()).isEqualTo(16000);
        }
    }

    @Test
    void corruptInputIsInvalidAudioWithFfmpegsWords() {
        byte[] ogg = new byte[300];
        System.arraycopy(TestAudio.ascii("OggS"), 0, ogg, 0, 4);
        ogg[26] = 1;
        System.arraycopy(TestAudio.ascii("OpusHead"), 0, ogg, 28, 8);
        AudioNormalizer normalizer = new AudioNormalizer(ffmpeg, Duration.ofSeconds(60));
        assertThatThrownBy(() -> normalizer.normalize(ogg, "audio/ogg"))
                .isInstanceOfSatisfying(
                        AudioException.class,
                        e -> assertThat(e.code())
                                .isIn(AudioException.Code.INVALID_AUDIO, AudioException.Code.EMPTY_AUDIO));
    }
}
