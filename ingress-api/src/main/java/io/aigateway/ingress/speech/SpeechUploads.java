package io.aigateway.ingress.speech;

import io.aigateway.audio.AudioException;
import io.aigateway.audio.AudioNormalizer;
import io.aigateway.audio.NormalizedAudio;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.pipeline.blob.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audio arriving at the speech endpoints: size-checked, its type told from the bytes and checked against the declared
 * one, converted to 16 kHz mono 16-bit WAV ({@link AudioNormalizer}) and stored once in the blob store, whose reference
 * is all a job carries. Refused audio is answered with a problem whose code is the audio module's ({@code
 * invalid_audio}, {@code not_audio} ...) and nothing is stored or published.
 */
public final class SpeechUploads {

    private static final Logger log = LoggerFactory.getLogger(SpeechUploads.class);

    private final AudioNormalizer normalizer;
    private final BlobStore blobs;
    private final SpeechProperties properties;
    private final MeterRegistry meters;

    public SpeechUploads(
            AudioNormalizer normalizer, BlobStore blobs, SpeechProperties properties, MeterRegistry meters) {
        this.normalizer = normalizer;
        this.blobs = blobs;
        this.properties = properties;
        this.meters = meters;
    }

    public StoredAudio store(String tenantId, byte[] bytes, String declaredType) {
        long max = properties.maxAudioBytes().toBytes();
        if (bytes != null && bytes.length > max) {
            throw new ApiException(
                    ProblemCode.PAYLOAD_TOO_LARGE,
                    "the audio has " + bytes.length + " bytes; at most " + max + " are accepted");
        }
        NormalizedAudio audio;
        try {
            audio = normalizer.normalize(bytes, declaredType);
        } catch (AudioException e) {
            meters.counter("gateway.speech.audio.refused", "code", e.code().code())
                    .increment();
            throw problem(e);
        }
        meters.counter(
                        "gateway.speech.audio.accepted",
                        "format",
                        audio.source().name().toLowerCase())
                .increment();
        log.debug(
                "audio {} {} Hz x{} ({} s) normalized to {} bytes of 16 kHz mono WAV",
                audio.source(),
                audio.sourceSampleRate(),
                audio.sourceChannels(),
                audio.durationSeconds(),
                audio.wav().length);
        return new StoredAudio(blobs.put(tenantId, audio.wav(), NormalizedAudio.CONTENT_TYPE), audio);
    }

    /** What the endpoints accept, in words: for refusals and the API guide. */
    public String supported() {
        return normalizer.supported();
    }

    public boolean transcodes() {
        return normalizer.transcodes();
    }

    static ApiException problem(AudioException e) {
        ProblemCode code = switch (e.code()) {
            case EMPTY_AUDIO -> ProblemCode.EMPTY_AUDIO;
            case INVALID_AUDIO -> ProblemCode.INVALID_AUDIO;
            case NOT_AUDIO -> ProblemCode.NOT_AUDIO;
            case UNSUPPORTED_AUDIO_FORMAT -> ProblemCode.UNSUPPORTED_AUDIO_FORMAT;
            case CONTENT_TYPE_MISMATCH -> ProblemCode.CONTENT_TYPE_MISMATCH;
            case AUDIO_TOO_LONG -> ProblemCode.AUDIO_TOO_LONG;
            case TRANSCODING_FAILED -> ProblemCode.TRANSCODING_FAILED;
        };
        return new ApiException(code, e.getMessage(), List.of(), e);
    }
}
