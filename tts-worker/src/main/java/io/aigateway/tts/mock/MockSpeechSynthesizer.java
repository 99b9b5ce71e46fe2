package io.aigateway.tts.mock;

import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SynthesisRequest;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A <b>mock</b> synthesizer: deterministic and offline, it speaks no words. It exists so the gateway's voice chain
 * runs and is testable end to end without a voice engine; real engines (a local Java voice, Azure Speech) come as
 * adapters beside it.
 *
 * <p>What it produces: a valid WAV (16 kHz, mono, 16-bit PCM) lasting {@code per-character} (60 ms) per character of
 * the text, cut at {@code max-duration}. Each letter or digit is a short, quiet tone (a tenth of full scale, faded in
 * and out so it does not click) whose pitch follows the character, and whose base pitch follows the voice's name;
 * spaces and punctuation are silence. So the result is audible and rhythmically shaped like the text, and the same
 * text and voice always give the same bytes. The language is ignored.
 */
public final class MockSpeechSynthesizer implements SpeechSynthesizer {

    public static final int SAMPLE_RATE = 16_000;
    public static final String CONTENT_TYPE = "audio/wav";
    private static final double AMPLITUDE = 0.1 * Short.MAX_VALUE;
    private static final int FADE_SAMPLES = SAMPLE_RATE / 200; // 5 ms

    private final MockSpeechSynthesizerProperties properties;

    public MockSpeechSynthesizer(MockSpeechSynthesizerProperties properties) {
        this.properties = properties;
    }

    @Override
    public SynthesizedSpeech synthesize(SynthesisRequest request) {
        int perCharacter = samples(properties.perCharacter().toNanos());
        int[] characters = request.text().codePoints().toArray();
        int total = (int) Math.min(
                (long) characters.length * perCharacter,
                samples(properties.maxDuration().toNanos()));
        double basePitch = 160 + Math.floorMod(request.voice().hashCode(), 5) * 20;

        ByteBuffer pcm = ByteBuffer.allocate(total * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, written = 0; i < characters.length && written < total; i++) {
            int length = Math.min(perCharacter, total - written);
            if (Character.isLetterOrDigit(characters[i])) {
                tone(pcm, basePitch + Math.floorMod(characters[i], 24) * 15, length);
            } else {
                for (int s = 0; s < length; s++) {
                    pcm.putShort((short) 0);
                }
            }
            written += length;
        }
        return new SynthesizedSpeech(
                Wav.pcm16Mono(SAMPLE_RATE, pcm.array()), CONTENT_TYPE, (double) total / SAMPLE_RATE);
    }

    private static void tone(ByteBuffer pcm, double frequency, int length) {
        int fade = Math.max(1, Math.min(FADE_SAMPLES, length / 2));
        for (int s = 0; s < length; s++) {
            double envelope = Math.min(1.0, Math.min(s, length - 1 - s) / (double) fade);
            pcm.putShort(
                    (short) Math.round(AMPLITUDE * envelope * Math.sin(2 * Math.PI * frequency * s / SAMPLE_RATE)));
        }
    }

    private static int samples(long nanos) {
        return (int) (nanos * SAMPLE_RATE / 1_000_000_000L);
    }
}
