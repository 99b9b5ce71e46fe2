package io.aigateway.stt.speech;

import io.aigateway.schemas.job.Transcript;
import io.aigateway.stt.pcm.PcmAudio;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import io.aigateway.stt.vosk.VoskSpeechToText;
import io.aigateway.stt.vosk.VoskTestModel;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engines' own speed, outside the gateway, for {@code docs/benchmarks.md}: FreeTTS kevin16's real-time factor
 * over the call-center sentences, and Vosk's throughput (seconds of audio per second of wall time) on the same
 * sentences one at a time, two at a time, and as one long clip. Not part of the default build (tag
 * {@code benchmark}); run it with
 * {@code mvn -o -pl stt-worker verify -Dgroups=benchmark -DexcludedGroups= -Dtest=SpeechEnginesBenchmark}. It asserts
 * nothing: it prints a table to the test log and to {@code target/speech-engines-benchmark.md}.
 */
@Tag("benchmark")
class SpeechEnginesBenchmark {

    private static final int ROUNDS = 3;

    @Test
    void measure() throws Exception {
        List<String> sentences = CallCenterSentences.SENTENCES;
        // warm up both engines (class loading, JIT, first allocations)
        VoskSpeechToText vosk = VoskTestModel.engine(2, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            transcribe(vosk, SpokenSentences.speak(sentences.get(i)).audio());
        }

        // FreeTTS: synthesis time over the audio's length
        List<byte[]> wavs = new ArrayList<>();
        double audioSeconds = 0;
        long synthNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (String sentence : sentences) {
                long t = System.nanoTime();
                SynthesizedSpeech speech = SpokenSentences.speak(sentence);
                synthNanos += System.nanoTime() - t;
                if (round == 0) {
                    wavs.add(speech.audio());
                    audioSeconds += speech.durationSeconds();
                }
            }
        }
        double synthSeconds = synthNanos / 1e9 / ROUNDS;

        // Vosk, one sentence at a time
        long t = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            for (byte[] wav : wavs) {
                transcribe(vosk, wav);
            }
        }
        double sequentialSeconds = (System.nanoTime() - t) / 1e9 / ROUNDS;

        // Vosk, two sentences at a time (two recognizers on the shared model)
        ExecutorService two = Executors.newFixedThreadPool(2);
        t = System.nanoTime();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Transcript>> results = new ArrayList<>();
                for (byte[] wav : wavs) {
                    results.add(two.submit(() -> transcribe(vosk, wav)));
                }
                for (Future<Transcript> result : results) {
                    result.get();
                }
            }
        } finally {
            two.shutdownNow();
        }
        double parallelSeconds = (System.nanoTime() - t) / 1e9 / ROUNDS;

        // Vosk, all sentences as one clip with half a second of silence between them
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        for (byte[] wav : wavs) {
            pcm.write(PcmAudio.fromWav(wav).samples());
            pcm.write(new byte[16_000]);
        }
        byte[] longClip = wav16k(pcm.toByteArray());
        double longAudio = pcm.size() / 32_000.0;
        t = System.nanoTime();
        Transcript longTranscript = null;
        for (int round = 0; round < ROUNDS; round++) {
            longTranscript = transcribe(vosk, longClip);
        }
        double longSeconds = (System.nanoTime() - t) / 1e9 / ROUNDS;
        double longWer = WordErrorRate.of(String.join(" ", sentences), longTranscript.text());

        String table = String.format(
                Locale.ROOT,
                """
                | engine | work | audio | wall time | throughput |
                |---|---|---|---|---|
                | FreeTTS kevin16 | synthesize %d sentences | %.1f s | %.2f s | real-time factor %.3f (%.0fx faster than real time) |
                | Vosk model-en-us | transcribe %d sentences, one at a time | %.1f s | %.2f s | %.1f s of audio per second |
                | Vosk model-en-us | the same, two at a time | %.1f s | %.2f s | %.1f s of audio per second |
                | Vosk model-en-us | one clip of all sentences (WER %.3f) | %.1f s | %.2f s | %.1f s of audio per second |
                """,
                sentences.size(),
                audioSeconds,
                synthSeconds,
                synthSeconds / audioSeconds,
                audioSeconds / synthSeconds,
                sentences.size(),
                audioSeconds,
                sequentialSeconds,
                audioSeconds / sequentialSeconds,
                audioSeconds,
                parallelSeconds,
                audioSeconds / parallelSeconds,
                longWer,
                longAudio,
                longSeconds,
                longAudio / longSeconds);
        System.out.println("\n" + table);
        Files.writeString(Path.of("target", "speech-engines-benchmark.md"), table);
    }

    private static Transcript transcribe(VoskSpeechToText vosk, byte[] wav) {
        return vosk.transcribe(new TranscriptionRequest(wav, "audio/wav", "en-US"), PartialTranscriptListener.NONE);
    }

    private static byte[] wav16k(byte[] pcm) throws IOException {
        AudioFormat format = new AudioFormat(16_000, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }
}
