package io.aigateway.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmStepHandlerTest {

    private final RecordingChatModel model = new RecordingChatModel();
    private final LlmStepHandler handler = new LlmStepHandler(
            new ChatModelSelection("fake", model), new LlmProperties("fake", "default-model", 100, "be brief"));

    @Test
    void asksTheInputTextStreamsEveryTokenAndReturnsOnlyTheAnswer() {
        List<String> deltas = new ArrayList<>();

        StepResult result = handler.handle(
                envelope(JobInput.ofText("Why is the sky blue?"), JobOptions.defaults(), JobContext.empty()),
                deltas::add);

        assertThat(deltas).containsExactly("echo: ", "Why is the sky blue?");
        assertThat(result.provider()).isEqualTo("fake");
        assertThat(result.output())
                .isEqualTo(JobContext.empty()
                        .withAnswer(new Answer("echo: Why is the sky blue?", "default-model", 7, 2, "stop")));
        ChatRequest asked = model.requests.get(0);
        assertThat(asked.question()).isEqualTo("Why is the sky blue?");
        assertThat(asked.systemPrompt()).isEqualTo("be brief");
        assertThat(asked.maxTokens()).isEqualTo(100);
        assertThat(asked.passages()).isEmpty();
        assertThat(handler.step()).isEqualTo(Step.LLM);
        assertThat(handler.providerFor(null)).isEqualTo("fake");
    }

    @Test
    void prefersTheTranscriptOverTheInputTextAndPassesPassagesAndEarlierTurns() {
        List<ChatMessage> turns = List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello"));
        List<Passage> passages = List.of(new Passage("kb-1", "VPN", 0, "Reconnect the VPN.", 0.9, "mock"));
        JobContext context = JobContext.empty()
                .withTranscript(new Transcript("my vpn drops", "en-US", 1.5, List.of()))
                .withPassages(passages);

        handler.handle(envelope(new JobInput("typed text", turns, null), JobOptions.defaults(), context), text -> {});

        ChatRequest asked = model.requests.get(0);
        assertThat(asked.question()).isEqualTo("my vpn drops");
        assertThat(asked.history()).isEqualTo(turns);
        assertThat(asked.passages()).isEqualTo(passages);
    }

    @Test
    void aConversationGivenAsMessagesOnlyAsksItsLastUserTurn() {
        List<ChatMessage> turns = List.of(
                new ChatMessage("user", "hi"),
                new ChatMessage("assistant", "hello"),
                new ChatMessage("user", "and the printer?"));

        handler.handle(
                envelope(new JobInput(null, turns, null), JobOptions.defaults(), JobContext.empty()), text -> {});

        ChatRequest asked = model.requests.get(0);
        assertThat(asked.question()).isEqualTo("and the printer?");
        assertThat(asked.history()).isEqualTo(turns.subList(0, 2));
    }

    @Test
    void usesTheJobsModelAndCapsItsMaxTokensAtTheConfiguredLimit() {
        handler.handle(envelope(JobInput.ofText("q"), options("gpt-x", 5000), JobContext.empty()), text -> {});
        handler.handle(envelope(JobInput.ofText("q"), options(null, 30), JobContext.empty()), text -> {});

        assertThat(model.requests).extracting(ChatRequest::model).containsExactly("gpt-x", "default-model");
        assertThat(model.requests).extracting(ChatRequest::maxTokens).containsExactly(100, 30);
    }

    @Test
    void withoutAnyQuestionTheInputIsInvalidAndRetryingCannotHelp() {
        JobEnvelope nothing = envelope(new JobInput("  ", List.of(), null), JobOptions.defaults(), JobContext.empty());

        assertThatThrownBy(() -> handler.handle(nothing, text -> {})).isInstanceOfSatisfying(StepException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
            assertThat(e.retryable()).isFalse();
        });
        assertThat(model.requests).isEmpty();
    }

    @Test
    void aMaxTokensBelowOneIsInvalidInput() {
        JobEnvelope zero = envelope(JobInput.ofText("q"), options(null, 0), JobContext.empty());

        assertThatThrownBy(() -> handler.handle(zero, text -> {}))
                .isInstanceOfSatisfying(
                        StepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
    }

    @Test
    void aProviderFailureReachesTheRuntimeUnchanged() {
        StepException limited = StepException.retryable(ErrorCodes.PROVIDER_RATE_LIMITED, "slow down");
        LlmStepHandler failing = new LlmStepHandler(
                new ChatModelSelection("fake", (request, tokens) -> {
                    throw limited;
                }),
                LlmProperties.defaults());

        assertThatThrownBy(() -> failing.handle(
                        envelope(JobInput.ofText("q"), JobOptions.defaults(), JobContext.empty()), text -> {}))
                .isSameAs(limited);
    }

    static JobEnvelope envelope(JobInput input, JobOptions options, JobContext context) {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        JobEnvelope created = JobEnvelope.create(
                "job-1", "corr-1", "tenant-a", null, now, now.plusSeconds(60), List.of(Step.LLM), input, options);
        return new JobEnvelope(
                created.schemaVersion(),
                created.jobId(),
                created.correlationId(),
                created.tenantId(),
                null,
                now,
                created.deadline(),
                created.route(),
                0,
                1,
                input,
                options,
                context);
    }

    private static JobOptions options(String model, Integer maxTokens) {
        return new JobOptions(null, null, model, maxTokens, null, null, null);
    }

    /** Answers "echo: <question>" in two tokens and remembers what it was asked. */
    static final class RecordingChatModel implements ChatModel {
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public ChatResponse chat(ChatRequest request, TokenListener tokens) {
            requests.add(request);
            tokens.token("echo: ");
            tokens.token(request.question());
            return new ChatResponse("echo: " + request.question(), request.model(), 7, 2, ChatResponse.STOP);
        }
    }
}
