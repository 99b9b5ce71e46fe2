package io.aigateway.tts.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.tts.synthesize.SynthesisRequest;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FreeTTS kevin16 for real (allocated once for the class); the program voices switched off. */
class LocalSpeechSynthesizerTest {

    private static FreeTtsVoicePool pool;
    private static LocalSpeechSynthesizer tts;

    @BeforeAll
    static void allocate() {
        pool = new FreeTtsVoicePool(1);
        VoicePrograms none = VoicePrograms.discover(
                new VoiceProgramProperties(false, "flite", "festival", "text2wave", Duration.ofSeconds(5)));
        tts = new LocalSpeechSynthesizer(pool, none, new FreeTtsProperties("kevin16", 1, Duration.ofSeconds(30), 200));
    }

    @AfterAll
    static void release() {
        pool.close();
    }

    @Test
    void speaksA16KhzMono16BitLittleEndianWavOfPlausibleLength() throws Exception {
        SynthesizedSpeech speech =
                tts.synthesize(new SynthesisRequest("I need to reset my password.", "kevin16", "en-US"));

        assertThat(speech.contentType()).isEqualTo("audio/wav");
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(speech.audio()))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(format.getSampleRate()).isEqualTo(16_000f);
            assertThat(format.getChannels()).isEqualTo(1);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(format.isBigEndian()).isFalse();
            byte[] pcm = in.readAllBytes();
            assertThat(pcm.length / 32_000.0)
                    .isCloseTo(speech.durationSeconds(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(rms(pcm)).as("speech, not silence").isGreaterThan(300);
        }
        // six words: more than a second, far less than ten
        assertThat(speech.durationSeconds()).isBetween(1.0, 10.0);
    }

    @Test
    void aLongerTextGivesLongerAudio() {
        double shortOne =
                tts.synthesize(new SynthesisRequest("Hello.", "kevin16", null)).durationSeconds();
        double longOne = tts.synthesize(new SynthesisRequest(
                        "Hello. Please restart the router and try the connection again.", "kevin16", null))
                .durationSeconds();

        assertThat(longOne).isGreaterThan(shortOne * 2);
    }

    @Test
    void defaultAndAnEmptyNameMeanTheConfiguredVoice() {
        assertThat(tts.resolve("default").name()).isEqualTo("kevin16");
        assertThat(tts.resolve(" ").name()).isEqualTo("kevin16");
        assertThat(tts.resolve("KEVIN16").engine()).isEqualTo("freetts");
    }

    @Test
    void theCatalogListsKevin16AndNoProgramVoicesWhenProgramsAreOff() {
        assertThat(tts.voices()).containsExactly(new VoiceInfo("kevin16", "freetts", "en-US"));
    }

    @Test
    void anUnknownVoiceIsInvalidInputNamingTheVoicesThereAre() {
        assertThatThrownBy(() -> tts.synthesize(new SynthesisRequest("Hi", "flite:slt", null)))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("flite:slt").contains("kevin16");
                });
    }

    @Test
    void tooLongTextAnotherLanguageAndBlankTextAreInvalidInput() {
        assertInvalid(new SynthesisRequest("x".repeat(201), "kevin16", null), "more than the 200");
        assertInvalid(new SynthesisRequest("Guten Tag", "kevin16", "de-DE"), "speaks en-US, not de-DE");
        assertInvalid(new SynthesisRequest("  ", "kevin16", null), "no text");
    }

    @Test
    void onePooledVoiceServesConcurrentCallersOneAfterTheOther() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<SynthesizedSpeech>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Callable<SynthesizedSpeech> call =
                        () -> tts.synthesize(new SynthesisRequest("Your ticket is open.", "kevin16", null));
                results.add(threads.submit(call));
            }
            byte[] first = results.get(0).get().audio();
            for (Future<SynthesizedSpeech> result : results) {
                // FreeTTS is deterministic: garbled output from two texts sharing a voice would differ
                assertThat(result.get().audio()).isEqualTo(first);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertInvalid(SynthesisRequest request, String message) {
        assertThatThrownBy(() -> tts.synthesize(request)).isInstanceOfSatisfying(StepException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static double rms(byte[] littleEndianPcm) {
        double sum = 0;
        int n = littleEndianPcm.length / 2;
        for (int i = 0; i < n; i++) {
            int sample = (short) ((littleEndianPcm[2 * i] & 0xff) | (littleEndianPcm[2 * i + 1] << 8));
            sum += (double) sample * sample;
        }
        return Math.sqrt(sum / Math.max(1, n));
    }
}
