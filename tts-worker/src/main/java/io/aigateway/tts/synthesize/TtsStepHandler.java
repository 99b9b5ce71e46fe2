package io.aigateway.tts.synthesize;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import java.io.UncheckedIOException;

/**
 * The tts step: speaks the job's text (the LLM's answer when it ran before, else the input text) in the job's voice,
 * stores the audio in the blob store under the job's tenant (claim-check: the bytes never ride in a record) and
 * returns its reference as {@code audio}. A job marked {@code mockProviders} (a load test's replay) is spoken by the
 * mock synthesizer whatever synthesizer the worker is configured with, so that it bills no provider.
 */
public final class TtsStepHandler implements StepHandler {

    private final SpeechSynthesizerSelection speech;
    private final SpeechSynthesizerSelection mock;
    private final BlobStore blobs;
    private final TtsProperties properties;

    /** @param mock the synthesizer of jobs marked {@code mockProviders} */
    public TtsStepHandler(
            SpeechSynthesizerSelection speech,
            SpeechSynthesizerSelection mock,
            BlobStore blobs,
            TtsProperties properties) {
        this.speech = speech;
        this.mock = mock;
        this.blobs = blobs;
        this.properties = properties;
    }

    private SpeechSynthesizerSelection synthesizerFor(JobEnvelope envelope) {
        return envelope != null && envelope.options().onMockProviders() ? mock : speech;
    }

    @Override
    public Step step() {
        return Step.TTS;
    }

    @Override
    public String providerFor(JobEnvelope envelope) {
        return synthesizerFor(envelope).provider();
    }

    @Override
    public StepResult handle(JobEnvelope envelope, StepSink sink) {
        String text = textOf(envelope);
        if (text == null) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT, "the tts step needs text: an answer or an input text");
        }
        String voice = hasText(envelope.options().voice()) ? envelope.options().voice() : properties.defaultVoice();
        SpeechSynthesizerSelection synthesizer = synthesizerFor(envelope);
        SynthesizedSpeech spoken = synthesizer
                .synthesizer()
                .synthesize(new SynthesisRequest(text, voice, envelope.options().language()));
        return new StepResult(synthesizer.provider(), JobContext.empty().withAudio(store(envelope.tenantId(), spoken)));
    }

    private BlobRef store(String tenantId, SynthesizedSpeech spoken) {
        try {
            return blobs.put(tenantId, spoken.audio(), spoken.contentType());
        } catch (IllegalArgumentException e) {
            // the tenant cannot own blobs here (an unusable id): no retry changes that
            throw new StepException(
                    ErrorCodes.INVALID_INPUT, "cannot store audio for tenant: " + e.getMessage(), false, null, e);
        } catch (UncheckedIOException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE, "cannot store the audio: " + e.getMessage(), true, null, e);
        }
    }

    private static String textOf(JobEnvelope envelope) {
        Answer answer = envelope.context().answer();
        if (answer != null && hasText(answer.text())) {
            return answer.text();
        }
        return envelope.input() != null && hasText(envelope.input().text())
                ? envelope.input().text()
                : null;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
