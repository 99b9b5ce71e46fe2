package io.aigateway.tts.local;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeTTS's {@code kevin16} voice (16 kHz diphones, in the FreeTTS jar), speaking into memory.
 *
 * <p>A FreeTTS {@link Voice} is not thread-safe: it keeps the utterance it is working on and writes to one audio
 * player. So this is a <b>pool</b>: {@code pool-size} voices, each allocated once at start with its own
 * {@link CollectingAudioPlayer}; a synthesis borrows one voice, speaks, takes the samples and returns it. A job that
 * finds every voice busy for {@code voice-wait} fails as retryable. The voices are created from the
 * {@link KevinVoiceDirectory} directly, not through the {@code VoiceManager}, which would need a system property and
 * a class loader of its own.
 */
final class FreeTtsVoicePool implements AutoCloseable {

    static final String VOICE = "kevin16";
    private static final Logger log = LoggerFactory.getLogger(FreeTtsVoicePool.class);

    private final BlockingQueue<PooledVoice> idle;
    private final List<PooledVoice> all = new ArrayList<>();

    FreeTtsVoicePool(int size) {
        long started = System.nanoTime();
        idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            PooledVoice voice = allocate();
            all.add(voice);
            idle.add(voice);
        }
        log.info(
                "FreeTTS voice {} allocated {} times in {} ms",
                VOICE,
                size,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static PooledVoice allocate() {
        for (Voice candidate : new KevinVoiceDirectory().getVoices()) {
            if (candidate.getName().equals(VOICE)) {
                CollectingAudioPlayer player = new CollectingAudioPlayer();
                candidate.allocate();
                candidate.setAudioPlayer(player);
                return new PooledVoice(candidate, player);
            }
        }
        throw new IllegalStateException("FreeTTS has no voice " + VOICE + " on the classpath");
    }

    /** Speaks the text; returns a WAV (16-bit little-endian mono at the voice's rate, 16 kHz for kevin16). */
    byte[] speak(String text, Duration wait) {
        PooledVoice voice = borrow(wait);
        try {
            voice.player.reset();
            if (!voice.voice.speak(text)) {
                throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "FreeTTS did not finish speaking");
            }
            byte[] samples = voice.player.take();
            AudioFormat format = voice.player.getAudioFormat();
            if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
                throw new IllegalStateException("FreeTTS produced " + format + ", expected 16-bit mono");
            }
            if (format.isBigEndian()) {
                Wav.swapBytes(samples);
            }
            return Wav.pcm16Mono(Math.round(format.getSampleRate()), samples);
        } finally {
            idle.add(voice);
        }
    }

    private PooledVoice borrow(Duration wait) {
        try {
            PooledVoice voice = idle.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (voice == null) {
                throw StepException.retryable(
                        ErrorCodes.PROVIDER_UNAVAILABLE,
                        "all " + all.size() + " FreeTTS voices stayed busy for " + wait.toMillis() + " ms");
            }
            return voice;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "interrupted waiting for a FreeTTS voice");
        }
    }

    int size() {
        return all.size();
    }

    @Override
    public void close() {
        all.forEach(v -> v.voice.deallocate());
    }

    private record PooledVoice(Voice voice, CollectingAudioPlayer player) {}
}
