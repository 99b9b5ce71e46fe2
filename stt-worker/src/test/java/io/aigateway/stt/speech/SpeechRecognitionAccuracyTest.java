package io.aigateway.stt.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.job.Transcript;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import io.aigateway.stt.vosk.VoskSpeechToText;
import io.aigateway.stt.vosk.VoskTestModel;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speech engines against each other: every call-center sentence spoken by the local voice (FreeTTS kevin16),
 * transcribed by Vosk, and the word error rate over all of them held under 0.15. Per-sentence results go to the test
 * log. It lives here, in the stt worker, because it measures the recognizer; the tts worker is only its audio source
 * (a test dependency). The same sentences through the whole pipeline are the end-to-end tests' business.
 */
class SpeechRecognitionAccuracyTest {

    private static final Logger log = LoggerFactory.getLogger(SpeechRecognitionAccuracyTest.class);

    @Test
    void voskUnderstandsTheLocalVoiceWithAWordErrorRateUnderFifteenPercent() {
        VoskSpeechToText vosk = VoskTestModel.engine(1, Duration.ofSeconds(30));
        WordErrorRate.Errors total = new WordErrorRate.Errors(0, 0);
        StringBuilder report = new StringBuilder("\nWER per sentence (FreeTTS kevin16 -> Vosk model-en-us 0.3.45)\n");
        for (String sentence : CallCenterSentences.SENTENCES) {
            Transcript heard = vosk.transcribe(
                    new TranscriptionRequest(SpokenSentences.speak(sentence).audio(), "audio/wav", "en-US"),
                    PartialTranscriptListener.NONE);
            WordErrorRate.Errors errors = WordErrorRate.errors(sentence, heard.text());
            total = total.plus(errors);
            report.append(String.format(Locale.ROOT, "%5.2f  %-55s -> %s%n", errors.rate(), sentence, heard.text()));
        }
        report.append(String.format(
                Locale.ROOT,
                "overall WER %.3f (%d edits over %d words, %d sentences)",
                total.rate(),
                total.edits(),
                total.referenceWords(),
                CallCenterSentences.SENTENCES.size()));
        log.info(report.toString());

        assertThat(CallCenterSentences.SENTENCES).hasSizeGreaterThanOrEqualTo(20);
        assertThat(total.rate()).as(report.toString()).isLessThan(0.15);
    }
}
