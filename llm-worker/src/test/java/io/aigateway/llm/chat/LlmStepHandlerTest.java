package io.aigateway.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.llm.mock.MockChatModel;
import io.aigateway.llm.mock.MockChatModelProperties;
import io.aigateway.llm.routing.ChatRouter;
import io.aigateway.llm.routing.CircuitBreaker;
import io.aigateway.llm.routing.ProviderInstance;
import io.aigateway.llm.routing.ResilienceProperties;
import io.aigateway.llm.usage.UsageMeter;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteCatalog;
import io.aigateway.pipeline.routing.RouteTable;
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
import io.aigateway.schemas.job.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class LlmStepHandlerTest {

    private final RecordingChatModel model = new RecordingChatModel();
    private final LlmProperties properties = new LlmProperties("fake", "default-model", 100, "be brief");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LlmStepHandler handler = handler(
            new RouteTable(
                    "default-model",
                    List.of(
                            new ModelRoute("*", "default-model", List.of(), null, true),
                            new ModelRoute("*", "gpt-x", List.of(), null, false),
                            new ModelRoute("tenant-a", "routed", List.of(), "route prompt", false))),
            properties,
            model);

    private LlmStepHandler handler(RouteTable table, LlmProperties props, ChatModel chatModel) {
        ChatRouter router = new ChatRouter(
                new RouteCatalog(table),
                Map.of(
                        "fake",
                        new ProviderInstance(
                                "fake",
                                "fake",
                                chatModel,
                                new CircuitBreaker(5, Duration.ofSeconds(30), Clock.systemUTC())),
                        "load-test-mock",
                        new ProviderInstance(
                                "load-test-mock",
                                "mock",
                                new MockChatModel(MockChatModelProperties.defaults()),
                                new CircuitBreaker(5, Duration.ofSeconds(30), Clock.systemUTC()))),
                "fake",
                ResilienceProperties.defaults(),
                Clock.systemUTC(),
                d -> {},
                meters);
        return new LlmStepHandler(
                router,
                props,
                new UsageMeter(Map.of("default-model", new LlmProperties.Price(1.0, 2.0)), "USD", meters));
    }

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
                        .withAnswer(new Answer(
                                "echo: Why is the sky blue?",
                                "default-model",
                                7,
                                2,
                                "stop",
                                new Usage("fake", 9, true, (7 * 1.0 + 2 * 2.0) / 1000, "USD"))));
        assertThat(meters.get("gateway.llm.tokens")
                        .tags("tenant", "tenant-a", "model", "default-model", "provider", "fake", "kind", "prompt")
                        .counter()
                        .count())
                .isEqualTo(7);
        assertThat(meters.get("gateway.llm.tokens")
                        .tags("kind", "completion")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("gateway.llm.cost").counter().count()).isEqualTo(0.011);
        ChatRequest asked = model.requests.get(0);
        assertThat(asked.question()).isEqualTo("Why is the sky blue?");
        assertThat(asked.systemPrompt()).isEqualTo("be brief");
        assertThat(asked.maxTokens()).isEqualTo(100);
        assertThat(asked.passages()).isEmpty();
        assertThat(handler.step()).isEqualTo(Step.LLM);
        assertThat(handler.providerFor(envelope(JobInput.ofText("q"), JobOptions.defaults(), JobContext.empty())))
                .isEqualTo("fake");
    }

    @Test
    void aJobMarkedForMockProvidersKeepsItsModelButRunsOnTheMockInstance() {
        JobEnvelope marked = envelope(
                JobInput.ofText("Why is the sky blue?"),
                JobOptions.defaults().withMockProviders(true),
                JobContext.empty());

        assertThat(handler.providerFor(marked)).isEqualTo("load-test-mock");
        StepResult result = handler.handle(marked, text -> {});

        assertThat(model.requests).isEmpty();
        assertThat(result.provider()).isEqualTo("load-test-mock");
        assertThat(result.output().answer().model()).isEqualTo("default-model");
        assertThat(result.output().answer().text()).contains("mock chat model");
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
    void withRedactionOnNoPersonalDataReachesTheProvider() {
        List<ChatMessage> turns = List.of(new ChatMessage("user", "I am jane@contoso.com"));
        List<Passage> passages =
                List.of(new Passage("kb-1", "Billing", 0, "Refunds go to DE89 3704 0044 0532 0130 00.", 0.9, "mock"));
        JobOptions redact = new JobOptions(null, null, null, null, null, null, true);

        handler.handle(
                envelope(
                        new JobInput(
                                "My card 4111 1111 1111 1111 was charged twice, call +44 20 7946 0958", turns, null),
                        redact,
                        JobContext.empty().withPassages(passages)),
                text -> {});
        handler.handle(
                envelope(
                        new JobInput("call +44 20 7946 0958", List.of(), null),
                        JobOptions.defaults(),
                        JobContext.empty()),
                text -> {});

        ChatRequest redacted = model.requests.get(0);
        assertThat(redacted.question()).isEqualTo("My card [CARD] was charged twice, call [PHONE]");
        assertThat(redacted.history()).containsExactly(new ChatMessage("user", "I am [EMAIL]"));
        assertThat(redacted.passages().get(0).text()).isEqualTo("Refunds go to [IBAN].");
        assertThat(model.requests.get(1).question()).isEqualTo("call +44 20 7946 0958");
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
    void aRoutesSystemPromptReplacesTheDefaultOneAndAModelWithoutARouteIsNotFound() {
        handler.handle(envelope(JobInput.ofText("q"), options("routed", null), JobContext.empty()), text -> {});
        assertThat(model.requests.get(0).systemPrompt()).isEqualTo("route prompt");

        JobEnvelope unknown = envelope(JobInput.ofText("q"), options("gpt-9", null), JobContext.empty());
        assertThatThrownBy(() -> handler.handle(unknown, text -> {})).isInstanceOfSatisfying(StepException.class, e -> {
            assertThat(e.code()).isEqualTo("model_not_found");
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void temperatureIsLoweredToTheConfiguredMaximumAndANegativeOneRefused() {
        handler.handle(
                envelope(
                        JobInput.ofText("q"),
                        new JobOptions(null, null, null, null, 1.7, null, null),
                        JobContext.empty()),
                text -> {});
        assertThat(model.requests.get(0).temperature()).isEqualTo(1.0);

        JobEnvelope negative = envelope(
                JobInput.ofText("q"), new JobOptions(null, null, null, null, -0.5, null, null), JobContext.empty());
        assertThatThrownBy(() -> handler.handle(negative, text -> {}))
                .isInstanceOfSatisfying(
                        StepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
    }

    @Test
    void anOversizedPromptLosesItsLowestRankedPassagesThenItsOldestTurnsAndAQuestionTooLongAloneIsRefused() {
        LlmProperties small =
                new LlmProperties("fake", "default-model", 100, "sys", 600, 1.0, Map.of(), Map.of(), "USD");
        LlmStepHandler tight = handler(RouteTable.of("default-model"), small, model);
        List<Passage> passages = List.of(
                new Passage("a", "A", 0, "x".repeat(150), 0.9, "kb://a"),
                new Passage("b", "B", 0, "y".repeat(150), 0.8, "kb://b"));
        List<ChatMessage> turns =
                List.of(new ChatMessage("user", "old ".repeat(20)), new ChatMessage("assistant", "ok"));

        tight.handle(
                envelope(
                        new JobInput("q", turns, null),
                        JobOptions.defaults(),
                        JobContext.empty().withPassages(passages)),
                text -> {});

        ChatRequest asked = model.requests.get(0);
        assertThat(asked.passages()).extracting(Passage::documentId).containsExactly("a");
        assertThat(asked.history()).hasSize(2);
        assertThat(ChatPrompt.chars(asked)).isLessThanOrEqualTo(600);

        JobEnvelope huge = envelope(JobInput.ofText("q".repeat(700)), JobOptions.defaults(), JobContext.empty());
        assertThatThrownBy(() -> tight.handle(huge, text -> {})).isInstanceOfSatisfying(StepException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
            assertThat(e.getMessage()).contains("max-prompt-chars");
        });
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
    void aProviderFailureReachesTheRuntimeWithItsCodeAfterTheRoutersAttempts() {
        StepException limited = StepException.retryable(ErrorCodes.PROVIDER_RATE_LIMITED, "slow down");
        LlmStepHandler failing = handler(RouteTable.of("default-model"), properties, (request, tokens) -> {
            throw limited;
        });

        assertThatThrownBy(() -> failing.handle(
                        envelope(JobInput.ofText("q"), JobOptions.defaults(), JobContext.empty()), text -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_RATE_LIMITED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getCause()).isSameAs(limited);
                });
    }

    public static JobEnvelope envelope(JobInput input, JobOptions options, JobContext context) {
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
