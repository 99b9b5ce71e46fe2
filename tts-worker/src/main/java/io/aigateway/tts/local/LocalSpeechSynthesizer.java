package io.aigateway.tts.local;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SynthesisRequest;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local voices, chosen by the job's voice name: {@code kevin16} is FreeTTS in the JVM (also what {@code default}
 * and an empty name mean, unless {@code gateway.tts.freetts.voice} names another); {@code flite:<voice>} and
 * {@code festival:<voice>} run those programs when they are installed. An unknown voice is {@code invalid_input}
 * naming the voices there are. The output is always a WAV ({@code audio/wav}): 16 kHz, 16-bit mono for kevin16, the
 * program's own format for the others.
 */
public final class LocalSpeechSynthesizer implements SpeechSynthesizer {

    static final String ENGINE = "freetts";
    static final String CONTENT_TYPE = "audio/wav";

    private final FreeTtsVoicePool freeTts;
    private final VoicePrograms programs;
    private final FreeTtsProperties properties;

    LocalSpeechSynthesizer(FreeTtsVoicePool freeTts, VoicePrograms programs, FreeTtsProperties properties) {
        this.freeTts = freeTts;
        this.programs = programs;
        this.properties = properties;
    }

    @Override
    public SynthesizedSpeech synthesize(SynthesisRequest request) {
        String text = request.text().strip();
        if (text.isEmpty()) {
            throw StepException.permanent(ErrorCodes.INVALID_INPUT, "there is no text to speak");
        }
        if (text.length() > properties.maxTextLength()) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the text has " + text.length() + " characters, more than the " + properties.maxTextLength()
                            + " the local voices speak");
        }
        VoiceInfo voice = resolve(request.voice());
        if (voice.language() != null
                && request.language() != null
                && !request.language().isBlank()
                && !primary(request.language()).equals(primary(voice.language()))) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "voice " + voice.name() + " speaks " + voice.language() + ", not " + request.language());
        }
        byte[] wav = voice.engine().equals(ENGINE)
                ? freeTts.speak(text, properties.voiceWait())
                : programs.speak(voice, text);
        try {
            return new SynthesizedSpeech(wav, CONTENT_TYPE, Math.round(Wav.durationSeconds(wav) * 1000) / 1000.0);
        } catch (IOException e) {
            throw StepException.permanent(ErrorCodes.PROVIDER_REJECTED, "unreadable WAV from " + voice.engine());
        }
    }

    @Override
    public List<VoiceInfo> voices() {
        List<VoiceInfo> all = new ArrayList<>();
        all.add(new VoiceInfo(FreeTtsVoicePool.VOICE, ENGINE, "en-US"));
        all.addAll(programs.voices());
        return all;
    }

    VoiceInfo resolve(String name) {
        String wanted =
                name == null || name.isBlank() || name.equalsIgnoreCase("default") ? properties.voice() : name.trim();
        if (wanted.equalsIgnoreCase(FreeTtsVoicePool.VOICE) || wanted.equalsIgnoreCase("freetts:kevin16")) {
            return new VoiceInfo(FreeTtsVoicePool.VOICE, ENGINE, "en-US");
        }
        return programs.find(wanted)
                .orElseThrow(() -> StepException.permanent(
                        ErrorCodes.INVALID_INPUT,
                        "unknown voice '" + wanted + "'; this worker speaks with: "
                                + String.join(
                                        ", ",
                                        voices().stream().map(VoiceInfo::name).toList())));
    }

    private static String primary(String languageTag) {
        return languageTag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    }
}
