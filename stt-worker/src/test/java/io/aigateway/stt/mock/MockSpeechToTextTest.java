package io.aigateway.stt.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class MockSpeechToTextTest {

    private final MockSpeechToText stt = new MockSpeechToText(MockSpeechToTextProperties.defaults());

    @Test
    void plainTextIsHeardWordForWordWithEvenTimings() {
        List<String> partials = new ArrayList<>();

        Transcript transcript =
                stt.transcribe(request("  my  VPN keeps\ndropping ", "text/plain; charset=utf-8"), partials::add);

        assertThat(transcript.text()).isEqualTo("my VPN keeps dropping");
        assertThat(transcript.language()).isEqualTo("en-US");
        assertThat(transcript.durationSeconds()).isEqualTo(1.6);
        assertThat(transcript.words())
                .containsExactly(
                        new Word("my", 0.0, 0.4, 1.0), new Word("VPN", 0.4, 0.8, 1.0),
                        new Word("keeps", 0.8, 1.2, 1.0), new Word("dropping", 1.2, 1.6, 1.0));
        assertThat(partials).containsExactly("my ", "VPN ", "keeps ", "dropping");
        assertThat(String.join("", partials)).isEqualTo(transcript.text());
    }

    @Test
    void theWordDurationIsConfigurable() {
        MockSpeechToText slow = new MockSpeechToText(new MockSpeechToTextProperties(Duration.ofSeconds(1)));

        assertThat(slow.transcribe(request("one two three", "text/plain"), PartialTranscriptListener.NONE)
                        .durationSeconds())
                .isEqualTo(3.0);
    }

    @Test
    void emptyTextIsSilence() {
        Transcript transcript = stt.transcribe(request(" ", "text/plain"), PartialTranscriptListener.NONE);

        assertThat(transcript.text()).isEmpty();
        assertThat(transcript.words()).isEmpty();
        assertThat(transcript.durationSeconds()).isZero();
    }

    @Test
    void aWavGetsAMockTranscriptOfItsDuration() throws IOException {
        byte[] wav = wav(new AudioFormat(16_000, 16, 1, true, false), 3.2);
        List<String> partials = new ArrayList<>();

        Transcript transcript = stt.transcribe(new TranscriptionRequest(wav, "audio/wav", "en-GB"), partials::add);

        assertThat(transcript.text()).isEqualTo("mock transcript of 3.2 seconds of audio");
        assertThat(transcript.durationSeconds()).isEqualTo(3.2);
        assertThat(transcript.language()).isEqualTo("en-GB");
        assertThat(transcript.words())
                .hasSize(7)
                .allSatisfy(w -> assertThat(w.confidence()).isEqualTo(1.0));
        assertThat(transcript.words().get(0).start()).isZero();
        assertThat(transcript.words().get(6).end()).isEqualTo(3.2);
        assertThat(partials).hasSize(7);
        assertThat(String.join("", partials)).isEqualTo(transcript.text());
    }

    @Test
    void theDurationComesFromTheHeaderWhateverTheFormatAndContentType() throws IOException {
        byte[] wav = wav(new AudioFormat(8_000, 8, 2, true, false), 1.5);

        Transcript transcript = stt.transcribe(
                new TranscriptionRequest(wav, "application/octet-stream", "en-US"), PartialTranscriptListener.NONE);

        assertThat(transcript.text()).isEqualTo("mock transcript of 1.5 seconds of audio");
    }

    @Test
    void chunksBeforeTheDataChunkAreSkipped() {
        byte[] wav = riff(
                chunk("fmt ", fmt(16_000, 1, 16)),
                chunk("LIST", new byte[] {1, 2, 3}),
                chunk("data", new byte[32_000]));

        assertThat(stt.transcribe(new TranscriptionRequest(wav, "audio/wav", "en-US"), PartialTranscriptListener.NONE)
                        .durationSeconds())
                .isEqualTo(1.0);
    }

    @Test
    void aDataSizeLargerThanTheFileCountsOnlyTheBytesPresent() {
        byte[] wav = riff(chunk("fmt ", fmt(16_000, 1, 16)), chunk("data", new byte[16_000]));
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(wav.length - 16_000 - 4, -1);

        assertThat(stt.transcribe(new TranscriptionRequest(wav, "audio/wav", "en-US"), PartialTranscriptListener.NONE)
                        .durationSeconds())
                .isEqualTo(0.5);
    }

    @Test
    void aWavWithoutFormatOrDataIsInvalidInput() {
        assertInvalid(riff(chunk("data", new byte[100])));
        assertInvalid(riff(chunk("fmt ", fmt(16_000, 1, 16))));
        assertInvalid(Arrays.copyOf(riff(chunk("fmt ", fmt(16_000, 1, 16))), 20));
    }

    @Test
    void anythingElseIsInvalidInput() {
        assertInvalid("ID3 an mp3 perhaps".getBytes(StandardCharsets.US_ASCII));
    }

    private void assertInvalid(byte[] audio) {
        assertThatThrownBy(() -> stt.transcribe(
                        new TranscriptionRequest(audio, "audio/wav", "en-US"), PartialTranscriptListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.retryable()).isFalse();
                });
    }

    private static TranscriptionRequest request(String text, String contentType) {
        return new TranscriptionRequest(text.getBytes(StandardCharsets.UTF_8), contentType, "en-US");
    }

    /** Silence of the given length, written by the JDK's own WAV writer. */
    private static byte[] wav(AudioFormat format, double seconds) throws IOException {
        long frames = Math.round(format.getFrameRate() * seconds);
        byte[] pcm = new byte[(int) (frames * format.getFrameSize())];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static byte[] fmt(int sampleRate, int channels, int bits) {
        int blockAlign = channels * bits / 8;
        return ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits)
                .array();
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return b.array();
    }

    private static byte[] riff(byte[]... chunks) {
        int size = 4 + Arrays.stream(chunks).mapToInt(c -> c.length).sum();
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(size).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        Arrays.stream(chunks).forEach(b::put);
        return b.array();
    }
}
