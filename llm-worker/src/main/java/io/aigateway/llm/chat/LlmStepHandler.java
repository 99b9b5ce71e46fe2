package io.aigateway.llm.chat;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import java.util.List;

/**
 * The llm step: asks the chat model the job's question (the transcript when speech-to-text ran before, else the
 * input text), with the conversation's earlier turns and the passages retrieval found, streams every token as a
 * {@code delta} and returns the {@code answer}.
 */
public final class LlmStepHandler implements StepHandler {

    private final ChatModelSelection chat;
    private final LlmProperties properties;

    public LlmStepHandler(ChatModelSelection chat, LlmProperties properties) {
        this.chat = chat;
        this.properties = properties;
    }

    @Override
    public Step step() {
        return Step.LLM;
    }

    @Override
    public String providerFor(JobEnvelope envelope) {
        return chat.provider();
    }

    @Override
    public StepResult handle(JobEnvelope envelope, StepSink sink) {
        ChatRequest request = requestFor(envelope);
        ChatResponse response = chat.model().chat(request, sink::delta);
        Answer answer = new Answer(
                response.text(),
                response.model(),
                response.promptTokens(),
                response.completionTokens(),
                response.finishReason());
        return new StepResult(chat.provider(), JobContext.empty().withAnswer(answer));
    }

    /** The chat request an envelope asks for; fails with {@code invalid_input} when there is nothing to ask. */
    ChatRequest requestFor(JobEnvelope envelope) {
        JobInput input = envelope.input();
        JobOptions options = envelope.options();
        List<ChatMessage> history = input == null ? List.of() : input.messages();
        String question = spokenQuestion(envelope);
        if (question == null && input != null && hasText(input.text())) {
            question = input.text();
        }
        if (question == null
                && !history.isEmpty()
                && "user".equals(history.get(history.size() - 1).role())) {
            // a conversation submitted as messages only: its last user turn is the question
            question = history.get(history.size() - 1).content();
            history = history.subList(0, history.size() - 1);
        }
        if (question == null || question.isBlank()) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the llm step needs a question: a transcript, an input text or a last user message");
        }
        String model = hasText(options.model()) ? options.model() : properties.defaultModel();
        int maxTokens = properties.maxTokens();
        if (options.maxTokens() != null) {
            if (options.maxTokens() < 1) {
                throw StepException.permanent(
                        ErrorCodes.INVALID_INPUT, "maxTokens must be at least 1, was " + options.maxTokens());
            }
            maxTokens = Math.min(options.maxTokens(), properties.maxTokens());
        }
        List<Passage> passages = envelope.context().passages() == null
                ? List.of()
                : envelope.context().passages();
        return new ChatRequest(
                model, properties.systemPrompt(), history, question, passages, maxTokens, options.temperature());
    }

    private static String spokenQuestion(JobEnvelope envelope) {
        var transcript = envelope.context().transcript();
        return transcript != null && hasText(transcript.text()) ? transcript.text() : null;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
