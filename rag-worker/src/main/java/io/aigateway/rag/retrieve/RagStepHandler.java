package io.aigateway.rag.retrieve;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import java.util.List;

/**
 * The rag step: searches the retriever for the job's question (the transcript when speech-to-text ran before, else
 * the input text, else the last user message of a conversation) and returns the best {@code passages}, as many as
 * the job asks for within the configured maximum. A job marked {@code mockProviders} (a load test's replay) is
 * answered by the mock retriever whatever retriever the worker is configured with, so that it bills no provider.
 */
public final class RagStepHandler implements StepHandler {

    private final RetrieverSelection retrieval;
    private final RetrieverSelection mock;
    private final RagProperties properties;

    /** @param mock the retriever of jobs marked {@code mockProviders} */
    public RagStepHandler(RetrieverSelection retrieval, RetrieverSelection mock, RagProperties properties) {
        this.retrieval = retrieval;
        this.mock = mock;
        this.properties = properties;
    }

    private RetrieverSelection retrieverFor(JobEnvelope envelope) {
        return envelope != null && envelope.options().onMockProviders() ? mock : retrieval;
    }

    @Override
    public Step step() {
        return Step.RAG;
    }

    @Override
    public String providerFor(JobEnvelope envelope) {
        return retrieverFor(envelope).provider();
    }

    @Override
    public StepResult handle(JobEnvelope envelope, StepSink sink) {
        RetrievalQuery query = queryFor(envelope);
        RetrieverSelection retriever = retrieverFor(envelope);
        List<Passage> found = retriever.retriever().retrieve(query);
        // a provider that returns more than asked must not blow up the envelope
        List<Passage> passages = found.size() > query.topK() ? found.subList(0, query.topK()) : found;
        return new StepResult(retriever.provider(), JobContext.empty().withPassages(passages));
    }

    /** The query an envelope asks for; fails with {@code invalid_input} when there is nothing to search for. */
    RetrievalQuery queryFor(JobEnvelope envelope) {
        String text = question(envelope);
        if (text == null) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the rag step needs a query: a transcript, an input text or a last user message");
        }
        Integer asked = envelope.options().topK();
        if (asked != null && asked < 1) {
            throw StepException.permanent(ErrorCodes.INVALID_INPUT, "topK must be at least 1, was " + asked);
        }
        int topK = Math.min(asked == null ? properties.defaultTopK() : asked, properties.maxTopK());
        return new RetrievalQuery(envelope.tenantId(), text, topK);
    }

    private static String question(JobEnvelope envelope) {
        Transcript transcript = envelope.context().transcript();
        if (transcript != null && hasText(transcript.text())) {
            return transcript.text();
        }
        if (envelope.input() == null) {
            return null;
        }
        if (hasText(envelope.input().text())) {
            return envelope.input().text();
        }
        List<ChatMessage> messages = envelope.input().messages();
        if (!messages.isEmpty()) {
            ChatMessage last = messages.get(messages.size() - 1);
            if ("user".equals(last.role()) && hasText(last.content())) {
                return last.content();
            }
        }
        return null;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
