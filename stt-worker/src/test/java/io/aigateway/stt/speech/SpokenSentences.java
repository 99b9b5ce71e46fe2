package io.aigateway.stt.speech;

import io.aigateway.tts.local.FreeTtsProperties;
import io.aigateway.tts.local.FreeTtsProvider;
import io.aigateway.tts.local.VoiceProgramProperties;
import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SynthesisRequest;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import java.time.Duration;

/**
 * Speech for the tests: the tts worker's local voice (FreeTTS kevin16, the gateway's default voice), created once per
 * test JVM. kevin16 speaks 16 kHz mono 16-bit PCM, which is what the speech engines take, so no resampling is needed.
 */
public final class SpokenSentences {

    private static SpeechSynthesizer voice;

    private SpokenSentences() {}

    public static synchronized SpeechSynthesizer voice() {
        if (voice == null) {
            voice = new FreeTtsProvider(
                            FreeTtsProperties.defaults(),
                            new VoiceProgramProperties(false, "flite", "festival", "text2wave", Duration.ofSeconds(5)))
                    .create();
        }
        return voice;
    }

    /** The sentence spoken by kevin16, as a WAV file. */
    public static SynthesizedSpeech speak(String sentence) {
        return voice().synthesize(new SynthesisRequest(sentence, "kevin16", "en-US"));
    }
}
