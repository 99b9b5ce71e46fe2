package io.aigateway.tts.azure;

import com.azure.core.credential.TokenCredential;
import com.microsoft.cognitiveservices.speech.ResultReason;
import com.microsoft.cognitiveservices.speech.SpeechConfig;
import com.microsoft.cognitiveservices.speech.SpeechSynthesisCancellationDetails;
import com.microsoft.cognitiveservices.speech.SpeechSynthesisOutputFormat;
import com.microsoft.cognitiveservices.speech.SpeechSynthesisResult;
import com.microsoft.cognitiveservices.speech.audio.AudioConfig;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SynthesisRequest;
import io.aigateway.tts.synthesize.SynthesizedSpeech;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Azure Speech synthesis: one SDK synthesizer per text, no audio device ({@code AudioConfig} {@code null}), output
 * {@code Riff16Khz16BitMonoPcm} (a WAV, like the local voices). Signs in with the resource key, or with azure-identity
 * through the SDK's own {@link TokenCredential} support, which fetches and refreshes the token. A cancelled synthesis
 * is classified by {@link AzureSpeechErrors}.
 */
public final class AzureSpeechSynthesizer implements SpeechSynthesizer {

    static final String ENGINE = "azure-speech";

    private final AzureSpeechSynthesisProperties properties;
    private final TokenCredential credential;

    AzureSpeechSynthesizer(AzureSpeechSynthesisProperties properties, TokenCredential credential) {
        this.properties = properties;
        this.credential = credential;
    }

    @Override
    public SynthesizedSpeech synthesize(SynthesisRequest request) {
        String voice = request.voice() == null
                        || request.voice().isBlank()
                        || request.voice().equalsIgnoreCase("default")
                ? properties.voice()
                : request.voice();
        try (SpeechConfig config = config()) {
            config.setSpeechSynthesisOutputFormat(SpeechSynthesisOutputFormat.Riff16Khz16BitMonoPcm);
            config.setSpeechSynthesisVoiceName(voice);
            if (request.language() != null && !request.language().isBlank()) {
                config.setSpeechSynthesisLanguage(request.language());
            }
            try (com.microsoft.cognitiveservices.speech.SpeechSynthesizer synthesizer =
                            new com.microsoft.cognitiveservices.speech.SpeechSynthesizer(config, (AudioConfig) null);
                    SpeechSynthesisResult result = await(synthesizer.SpeakTextAsync(request.text()))) {
                if (result.getReason() == ResultReason.SynthesizingAudioCompleted) {
                    // RIFF 16 kHz 16-bit mono: 32,000 bytes a second after the 44-byte header
                    byte[] wav = result.getAudioData();
                    return new SynthesizedSpeech(wav, "audio/wav", Math.max(0, wav.length - 44) / 32_000.0);
                }
                if (result.getReason() == ResultReason.Canceled) {
                    SpeechSynthesisCancellationDetails details = SpeechSynthesisCancellationDetails.fromResult(result);
                    try {
                        throw AzureSpeechErrors.of(
                                        details.getReason(), details.getErrorCode(), details.getErrorDetails())
                                .orElseGet(() -> StepException.retryable(
                                        ErrorCodes.PROVIDER_UNAVAILABLE, "Azure Speech ended the synthesis early"));
                    } finally {
                        details.close();
                    }
                }
                throw StepException.retryable(
                        ErrorCodes.PROVIDER_UNAVAILABLE, "Azure Speech answered " + result.getReason());
            }
        }
    }

    @Override
    public List<VoiceInfo> voices() {
        return properties.voices().stream()
                .map(v -> new VoiceInfo(v, ENGINE, languageOf(v)))
                .toList();
    }

    /** Azure voice names start with their locale: {@code en-US-JennyNeural}. */
    static String languageOf(String voice) {
        String[] parts = voice.split("-");
        return parts.length >= 3 ? parts[0] + "-" + parts[1] : "und";
    }

    private SpeechConfig config() {
        if (properties.hasKey()) {
            return properties.endpoint() != null
                    ? SpeechConfig.fromEndpoint(properties.endpoint(), properties.key())
                    : SpeechConfig.fromSubscription(properties.key(), properties.region());
        }
        return SpeechConfig.fromEndpoint(properties.endpoint(), credential);
    }

    private <T> T await(Future<T> future) {
        try {
            return future.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StepException(
                    ErrorCodes.PROVIDER_TIMEOUT,
                    "Azure Speech did not synthesize within "
                            + properties.timeout().toMillis() + " ms",
                    true,
                    null,
                    e);
        } catch (ExecutionException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE,
                    "Azure Speech failed: " + e.getCause().getMessage(),
                    true,
                    null,
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "interrupted waiting for Azure Speech");
        }
    }
}
