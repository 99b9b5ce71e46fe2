package io.aigateway.tts.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.tts.synthesize.SynthesisRequest;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class MockSpeechSynthesizerTest {

    private final MockSpeechSynthesizer tts = new MockSpeechSynthesizer(MockSpeechSynthesizerProperties.defaults());

    @Test
    void producesA16KhzMono16BitWavThatTheJdkCanRead() throws Exception {
        SynthesizedSpeech speech = tts.synthesize(new SynthesisRequest("Hello world", "default", null));

        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(speech.audio()))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(format.getSampleRate()).isEqualTo(16_000f);
            assertThat(format.getChannels()).isEqualTo(1);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(format.isBigEndian()).isFalse();
            assertThat(in.getFrameLength()).isEqualTo(11 * 960);
            assertThat(in.readAllBytes()).hasSize(11 * 960 * 2);
        }
        assertThat(speech.contentType()).isEqualTo("audio/wav");
        assertThat(speech.durationSeconds()).isEqualTo(0.66);
    }

    @Test
    void theLengthFollowsTheTextUpToTheCap() {
        MockSpeechSynthesizer capped = new MockSpeechSynthesizer(
                new MockSpeechSynthesizerProperties(Duration.ofMillis(60), Duration.ofSeconds(1)));

        assertThat(capped.synthesize(new SynthesisRequest("ab", "v", null)).durationSeconds())
                .isEqualTo(0.12);
        assertThat(capped.synthesize(new SynthesisRequest("x".repeat(100), "v", null))
                        .durationSeconds())
                .isEqualTo(1.0);
        assertThat(capped.synthesize(new SynthesisRequest("x".repeat(100), "v", null))
                        .audio())
                .hasSize(Wav.HEADER_BYTES + 16_000 * 2);
    }

    @Test
    void lettersAreAQuietToneAndSpacesSilence() {
        short[] samples = samples(
                tts.synthesize(new SynthesisRequest("a b", "default", null)).audio());

        short[] letter = java.util.Arrays.copyOfRange(samples, 0, 960);
        short[] space = java.util.Arrays.copyOfRange(samples, 960, 1920);
        assertThat(peak(letter)).isGreaterThan(1000).isLessThanOrEqualTo((int) (0.1 * Short.MAX_VALUE) + 1);
        assertThat(peak(space)).isZero();
        assertThat(Math.abs(letter[0])).as("faded in, no click").isLessThan(100);
    }

    @Test
    void theSameTextAndVoiceGiveTheSameBytesAndAnotherVoiceOtherBytes() {
        byte[] first = tts.synthesize(new SynthesisRequest("Restart the router", "alto", null))
                .audio();
        byte[] again = tts.synthesize(new SynthesisRequest("Restart the router", "alto", null))
                .audio();
        byte[] other = tts.synthesize(new SynthesisRequest("Restart the router", "bass", null))
                .audio();

        assertThat(again).isEqualTo(first);
        assertThat(other).hasSameSizeAs(first).isNotEqualTo(first);
    }

    private static short[] samples(byte[] wav) {
        ByteBuffer data = ByteBuffer.wrap(wav, Wav.HEADER_BYTES, wav.length - Wav.HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[data.remaining() / 2];
        data.asShortBuffer().get(samples);
        return samples;
    }

    private static int peak(short[] samples) {
        int peak = 0;
        for (short s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }
}
