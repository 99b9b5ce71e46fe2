package io.aigateway.llm.chat;

import io.aigateway.llm.routing.ChatRouter;
import io.aigateway.llm.routing.Routed;
import io.aigateway.llm.usage.UsageMeter;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.pipeline.step.StepSink;
import io.aigateway.pipeline.text.PiiRedactor;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The llm step: finds the route of the job's tenant and model, asks its providers (through the {@link ChatRouter}:
 * retries, fallback, breakers) the job's question (the transcript when speech-to-text ran before, else the input text,
 * else the last user turn), with the earlier turns and the passages retrieval found, within the token, prompt and
 * temperature budgets; streams every token as a {@code delta} and returns the {@code answer} with its usage and cost.
 * A job marked {@code mockProviders} (a load test's replay) keeps its model's route but runs on the mock instance.
 */
public final class LlmStepHandler implements StepHandler {

    private final ChatRouter router;
    private final LlmProperties properties;
    private final UsageMeter usage;

    public LlmStepHandler(ChatRouter router, LlmProperties properties, UsageMeter usage) {
        this.router = router;
        this.properties = properties;
        this.usage = usage;
    }

    @Override
    public Step step() {
        return Step.LLM;
    }

    @Override
    public String providerFor(JobEnvelope envelope) {
        try {
            return router.chain(routeOf(envelope)).get(0);
        } catch (StepException e) {
            return "none";
        }
    }

    @Override
    public StepResult handle(JobEnvelope envelope, StepSink sink) {
        ModelRoute route = routeOf(envelope);
        ChatRequest request = requestFor(envelope, route);
        Routed routed = router.chat(route, envelope.deadline(), request, sink::delta);
        ChatResponse response = routed.response();
        Answer answer = new Answer(
                response.text(),
                response.model(),
                response.promptTokens(),
                response.completionTokens(),
                response.finishReason(),
                usage.record(envelope.tenantId(), route.model(), routed.provider(), response));
        return new StepResult(routed.provider(), JobContext.empty().withAnswer(answer));
    }

    /** The job's route; a job marked {@code mockProviders} keeps its model but runs on the mock instance. */
    private ModelRoute routeOf(JobEnvelope envelope) {
        ModelRoute route = router.route(envelope.tenantId(), envelope.options().model());
        return envelope.options().onMockProviders() ? router.onMock(route) : route;
    }

    /** The chat request an envelope asks for on the default route. */
    ChatRequest requestFor(JobEnvelope envelope) {
        return requestFor(
                envelope, router.route(envelope.tenantId(), envelope.options().model()));
    }

    /**
     * The chat request an envelope asks for on this route, within the budgets; fails with {@code invalid_input} when
     * there is nothing to ask or the question alone is over the prompt budget.
     */
    ChatRequest requestFor(JobEnvelope envelope, ModelRoute route) {
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
        int maxTokens = properties.maxTokens();
        if (options.maxTokens() != null) {
            if (options.maxTokens() < 1) {
                throw StepException.permanent(
                        ErrorCodes.INVALID_INPUT, "maxTokens must be at least 1, was " + options.maxTokens());
            }
            maxTokens = Math.min(options.maxTokens(), properties.maxTokens());
        }
        Double temperature = options.temperature();
        if (temperature != null) {
            if (!(temperature >= 0)) {
                throw StepException.permanent(
                        ErrorCodes.INVALID_INPUT, "temperature must be at least 0, was " + temperature);
            }
            temperature = Math.min(temperature, properties.maxTemperature());
        }
        List<Passage> passages = envelope.context().passages() == null
                ? List.of()
                : envelope.context().passages();
        String system = route.systemPrompt() != null ? route.systemPrompt() : properties.systemPrompt();
        if (Boolean.TRUE.equals(options.redactPii())) {
            // the tenant's policy or the job asked for it: nothing personal leaves the gateway toward a provider
            question = redact(question);
            history = history.stream()
                    .map(m -> new ChatMessage(m.role(), redact(m.content())))
                    .toList();
            passages = passages.stream()
                    .map(p ->
                            new Passage(p.documentId(), p.title(), p.chunk(), redact(p.text()), p.score(), p.source()))
                    .toList();
        }
        return fitted(new ChatRequest(route.model(), system, history, question, passages, maxTokens, temperature));
    }

    private static String redact(String text) {
        return PiiRedactor.instance().redact(text).text();
    }

    /**
     * The request within {@code max-prompt-chars}: the lowest ranked passages go first, then the oldest turns; a
     * question that does not fit even alone is refused.
     */
    private ChatRequest fitted(ChatRequest request) {
        int limit = properties.maxPromptChars();
        List<Passage> passages = new ArrayList<>(request.passages());
        List<ChatMessage> history = new ArrayList<>(request.history());
        ChatRequest candidate = request;
        while (ChatPrompt.chars(candidate) > limit && (!passages.isEmpty() || !history.isEmpty())) {
            if (!passages.isEmpty()) {
                passages.remove(passages.size() - 1);
            } else {
                history.remove(0);
            }
            candidate = new ChatRequest(
                    request.model(),
                    request.systemPrompt(),
                    history,
                    request.question(),
                    passages,
                    request.maxTokens(),
                    request.temperature());
        }
        if (ChatPrompt.chars(candidate) > limit) {
            throw StepException.permanent(
                    ErrorCodes.INVALID_INPUT,
                    "the prompt has " + ChatPrompt.chars(candidate) + " characters with the question alone; at most "
                            + limit + " are allowed (gateway.llm.max-prompt-chars)");
        }
        return candidate;
    }

    private static String spokenQuestion(JobEnvelope envelope) {
        var transcript = envelope.context().transcript();
        return transcript != null && hasText(transcript.text()) ? transcript.text() : null;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
