package io.aigateway.tts.local;

import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * A FreeTTS audio "player" that plays nothing: it keeps the samples the voice writes, so speech ends up as bytes in
 * memory instead of on a sound card. One per voice; not thread-safe (neither is the voice that writes to it).
 */
final class CollectingAudioPlayer implements AudioPlayer {

    private final ByteArrayOutputStream samples = new ByteArrayOutputStream();
    private AudioFormat format = new AudioFormat(16_000f, 16, 1, true, true);
    private float volume = 1.0f;

    /** The samples written since the last call, in the voice's {@linkplain #getAudioFormat() format}, and forgets them. */
    byte[] take() {
        byte[] bytes = samples.toByteArray();
        samples.reset();
        return bytes;
    }

    @Override
    public void setAudioFormat(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public boolean write(byte[] audioData) {
        return write(audioData, 0, audioData.length);
    }

    @Override
    public boolean write(byte[] audioData, int offset, int size) {
        samples.write(audioData, offset, size);
        return true;
    }

    @Override
    public void reset() {
        samples.reset();
    }

    @Override
    public void cancel() {
        samples.reset();
    }

    @Override
    public float getVolume() {
        return volume;
    }

    @Override
    public void setVolume(float volume) {
        this.volume = volume;
    }

    // the rest of the player's life cycle means nothing for a buffer

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void begin(int size) {}

    @Override
    public boolean end() {
        return true;
    }

    @Override
    public void close() {}

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {}

    @Override
    public void startFirstSampleTimer() {}

    @Override
    public void showMetrics() {}
}
