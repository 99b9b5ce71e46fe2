package io.aigateway.stt.azure;

import com.azure.core.credential.TokenCredential;
import com.microsoft.cognitiveservices.speech.OutputFormat;
import com.microsoft.cognitiveservices.speech.PhraseListGrammar;
import com.microsoft.cognitiveservices.speech.PropertyId;
import com.microsoft.cognitiveservices.speech.ResultReason;
import com.microsoft.cognitiveservices.speech.SpeechConfig;
import com.microsoft.cognitiveservices.speech.SpeechRecognizer;
import com.microsoft.cognitiveservices.speech.audio.AudioConfig;
import com.microsoft.cognitiveservices.speech.audio.AudioInputStream;
import com.microsoft.cognitiveservices.speech.audio.AudioStreamFormat;
import com.microsoft.cognitiveservices.speech.audio.PushAudioInputStream;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.stt.pcm.PcmAudio;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.SpeechToText;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Azure Speech recognition: continuous recognition of the job's 16 kHz mono PCM written to a push stream, in the
 * detailed output format with word-level timestamps, mapped to the gateway's transcript (the display text of each
 * phrase, its words with start, end and confidence). Each recognized phrase is final when the SDK reports it and goes
 * out as one partial transcript; the SDK's events are handed to the job's own thread through a queue, so partials are
 * sent from the thread that runs the step. A phrase list becomes the SDK's {@link PhraseListGrammar}, a soft bias.
 * Cancellations are classified by {@link AzureSpeechErrors}.
 */
public final class AzureSpeechToText implements SpeechToText {

    private final AzureSpeechRecognitionProperties properties;
    private final TokenCredential credential;

    AzureSpeechToText(AzureSpeechRecognitionProperties properties, TokenCredential credential) {
        this.properties = properties;
        this.credential = credential;
    }

    /** What the SDK's callbacks report to the job's thread. */
    private sealed interface Event {}

    private record Recognized(String json) implements Event {}

    private record Stopped(StepException failure) implements Event {}

    @Override
    public Transcript transcribe(TranscriptionRequest request, PartialTranscriptListener partials) {
        PcmAudio pcm = PcmAudio.fromWav(request.audio());
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (SpeechConfig config = config();
                PushAudioInputStream push = AudioInputStream.createPushStream(
                        AudioStreamFormat.getWaveFormatPCM(PcmAudio.SAMPLE_RATE, (short) 16, (short) 1));
                AudioConfig audio = AudioConfig.fromStreamInput(push)) {
            config.setSpeechRecognitionLanguage(request.language());
            config.setOutputFormat(OutputFormat.Detailed);
            config.requestWordLevelTimestamps();
            try (SpeechRecognizer recognizer = new SpeechRecognizer(config, audio)) {
                if (!request.phrases().isEmpty()) {
                    PhraseListGrammar grammar = PhraseListGrammar.fromRecognizer(recognizer);
                    request.phrases().forEach(grammar::addPhrase);
                }
                recognizer.recognized.addEventListener((source, e) -> {
                    if (e.getResult().getReason() == ResultReason.RecognizedSpeech) {
                        events.add(new Recognized(e.getResult()
                                .getProperties()
                                .getProperty(PropertyId.SpeechServiceResponse_JsonResult)));
                    }
                });
                recognizer.canceled.addEventListener((source, e) -> events.add(
                        new Stopped(AzureSpeechErrors.of(e.getReason(), e.getErrorCode(), e.getErrorDetails())
                                .orElse(null))));
                recognizer.sessionStopped.addEventListener((source, e) -> events.add(new Stopped(null)));

                await(
                        recognizer.startContinuousRecognitionAsync(),
                        properties.timeout().toMillis());
                push.write(pcm.samples());
                push.close();
                Transcript transcript = collect(events, request, pcm, partials);
                await(
                        recognizer.stopContinuousRecognitionAsync(),
                        properties.timeout().toMillis());
                return transcript;
            }
        }
    }

    private Transcript collect(
            BlockingQueue<Event> events,
            TranscriptionRequest request,
            PcmAudio pcm,
            PartialTranscriptListener partials) {
        long deadline =
                System.nanoTime() + properties.timeout().toNanos() + (long) (pcm.durationSeconds() * 1_000_000_000L);
        List<Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            Event event;
            try {
                event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "interrupted waiting for Azure Speech");
            }
            if (event == null) {
                throw StepException.retryable(
                        ErrorCodes.PROVIDER_TIMEOUT, "Azure Speech did not finish recognizing in time");
            }
            if (event instanceof Recognized recognized) {
                AzureTranscripts.Phrase phrase = AzureTranscripts.phrase(recognized.json());
                if (!phrase.text().isEmpty()) {
                    String piece = text.isEmpty() ? phrase.text() : " " + phrase.text();
                    text.append(piece);
                    words.addAll(phrase.words());
                    partials.partial(piece);
                }
            } else if (event instanceof Stopped stopped) {
                if (stopped.failure() != null) {
                    throw stopped.failure();
                }
                return new Transcript(
                        text.toString(), request.language(), Math.round(pcm.durationSeconds() * 1000) / 1000.0, words);
            }
        }
    }

    private SpeechConfig config() {
        if (properties.hasKey()) {
            return properties.endpoint() != null
                    ? SpeechConfig.fromEndpoint(properties.endpoint(), properties.key())
                    : SpeechConfig.fromSubscription(properties.key(), properties.region());
        }
        return SpeechConfig.fromEndpoint(properties.endpoint(), credential);
    }

    private static void await(Future<?> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StepException(ErrorCodes.PROVIDER_TIMEOUT, "Azure Speech did not answer in time", true, null, e);
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
