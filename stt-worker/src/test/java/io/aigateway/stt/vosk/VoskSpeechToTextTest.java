package io.aigateway.stt.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.stt.pcm.PcmAudio;
import io.aigateway.stt.speech.SpokenSentences;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** Vosk for real, on the shipped English model (loaded once per test JVM), with speech from the local voice. */
class VoskSpeechToTextTest {

    private final VoskSpeechToText vosk = VoskTestModel.engine(2, Duration.ofSeconds(30));

    @Test
    void transcribesWithWordTimingsAndConfidence() {
        byte[] wav = SpokenSentences.speak("Please restart the router.").audio();

        Transcript transcript = vosk.transcribe(request(wav, "en-US", List.of()), PartialTranscriptListener.NONE);

        assertThat(transcript.text()).isEqualTo("please restart the router");
        assertThat(transcript.language()).isEqualTo("en-US");
        assertThat(transcript.durationSeconds())
                .isEqualTo(PcmAudio.fromWav(wav).durationSeconds(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(transcript.words()).extracting(Word::word).containsExactly("please", "restart", "the", "router");
        double previousEnd = 0;
        for (Word w : transcript.words()) {
            assertThat(w.start()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(w.end()).isGreaterThan(w.start());
            assertThat(w.confidence()).isBetween(0.0, 1.0);
            previousEnd = w.end();
        }
        assertThat(previousEnd).isLessThanOrEqualTo(transcript.durationSeconds());
    }

    @Test
    void eachUtteranceStreamsAsAPartialAndThePartialsJoinedAreTheText() throws IOException {
        // two sentences with a second of silence between: Vosk ends the first utterance at the pause
        byte[] first = PcmAudio.fromWav(
                        SpokenSentences.speak("My VPN keeps dropping.").audio())
                .samples();
        byte[] second = PcmAudio.fromWav(
                        SpokenSentences.speak("Please call me back.").audio())
                .samples();
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        pcm.write(first);
        pcm.write(new byte[32_000]);
        pcm.write(second);
        List<String> partials = new ArrayList<>();

        Transcript transcript = vosk.transcribe(request(wav16k(pcm.toByteArray()), "en-US", List.of()), partials::add);

        assertThat(partials).containsExactly("my vpn keeps dropping", " please call me back");
        assertThat(String.join("", partials)).isEqualTo(transcript.text());
        assertThat(transcript.words().get(4).start())
                .as("timings count from the start of the audio")
                .isGreaterThan(2.0);
    }

    @Test
    void aReusedRecognizerGivesTimingsFromTheStartOfEachJobsAudio() {
        VoskSpeechToText one = VoskTestModel.engine(1, Duration.ofSeconds(30));
        byte[] wav = SpokenSentences.speak("Please restart the router.").audio();

        Transcript first = one.transcribe(request(wav, "en-US", List.of()), PartialTranscriptListener.NONE);
        one.transcribe(
                request(SpokenSentences.speak("My keyboard stopped working.").audio(), "en-US", List.of()),
                PartialTranscriptListener.NONE);
        Transcript again = one.transcribe(request(wav, "en-US", List.of()), PartialTranscriptListener.NONE);

        assertThat(again).isEqualTo(first);
        assertThat(again.words().get(0).start()).isLessThan(0.5);
    }

    @Test
    void aPhraseListRestrictsRecognitionToThePhrasesAndDropsTheRest() {
        byte[] wav = SpokenSentences.speak("Unlock my account.").audio();

        Transcript transcript = vosk.transcribe(
                request(wav, "en-US", List.of("Reset my password", "Unlock my account", "Talk to an agent")),
                PartialTranscriptListener.NONE);

        assertThat(transcript.text()).isEqualTo("unlock my account");
        assertThat(transcript.words()).extracting(Word::word).doesNotContain("[unk]");
    }

    @Test
    void theGrammarIsTheNormalizedPhrasesAndUnknown() {
        assertThat(VoskSpeechToText.grammar(List.of("Reset my password!", "reset my password", " VPN  down ")))
                .isEqualTo("[\"reset my password\",\"vpn down\",\"[unk]\"]");
    }

    @Test
    void silenceGivesAnEmptyTranscript() {
        Transcript transcript = vosk.transcribe(request(wav16k(new byte[32_000]), "en-US", List.of()), text -> {
            throw new AssertionError("no partial expected, got " + text);
        });

        assertThat(transcript.text()).isEmpty();
        assertThat(transcript.words()).isEmpty();
        assertThat(transcript.durationSeconds()).isEqualTo(1.0);
    }

    @Test
    void anotherLanguageThanTheModelsIsRefused() {
        assertThatThrownBy(() -> vosk.transcribe(
                        request(wav16k(new byte[3200]), "de-DE", List.of()), PartialTranscriptListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("de-DE");
                });
    }

    @Test
    void audioNotAt16KhzMonoIsRefusedNotGuessedAt() throws IOException {
        byte[] wav44k = wav(new AudioFormat(44_100, 16, 2, true, false), new byte[44_100 * 4]);

        assertThatThrownBy(() -> vosk.transcribe(request(wav44k, "en-US", List.of()), PartialTranscriptListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(PcmAudio.UNSUPPORTED_AUDIO_FORMAT);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void whenEveryRecognizerStaysBusyTheJobFailsAsRetryable() throws InterruptedException {
        VoskSpeechToText one = VoskTestModel.engine(1, Duration.ZERO);
        one.recognizers().acquire();
        try {
            assertThatThrownBy(() -> one.transcribe(
                            request(wav16k(new byte[3200]), "en-US", List.of()), PartialTranscriptListener.NONE))
                    .isInstanceOfSatisfying(StepException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("all 1 Vosk recognizers");
                    });
        } finally {
            one.recognizers().release();
        }
        assertThat(one.transcribe(request(wav16k(new byte[3200]), "en-US", List.of()), PartialTranscriptListener.NONE)
                        .text())
                .as("the permit is back")
                .isEmpty();
    }

    private static TranscriptionRequest request(byte[] wav, String language, List<String> phrases) {
        return new TranscriptionRequest(wav, "audio/wav", language, phrases);
    }

    private static byte[] wav16k(byte[] pcm) {
        try {
            return wav(new AudioFormat(16_000, 16, 1, true, false), pcm);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] wav(AudioFormat format, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(data), format, data.length / format.getFrameSize()),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }
}
