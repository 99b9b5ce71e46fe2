package io.aigateway.llm.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.llm.chat.ChatRequest;
import io.aigateway.llm.chat.ChatResponse;
import io.aigateway.llm.chat.TokenListener;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.Passage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MockChatModelTest {

    private static final List<Passage> PASSAGES = List.of(
            new Passage(
                    "kb-password",
                    "Password reset",
                    0,
                    "Passwords expire every 90 days. To reset your password, open the self-service portal and choose "
                            + "Forgot password. The portal sends a code to your phone.",
                    0.8,
                    "mock"),
            new Passage(
                    "kb-lockout",
                    "Account lockout",
                    0,
                    "Five failed sign-ins lock an account for 15 minutes. The service desk can unlock it sooner.",
                    0.4,
                    "mock"));

    private final MockChatModel model = new MockChatModel(MockChatModelProperties.defaults());

    @Test
    void streamsTheAnswerWordByWordInOrder() {
        List<String> tokens = new ArrayList<>();

        ChatResponse response = model.chat(request("How do I reset my password?", PASSAGES, 1000), tokens::add);

        assertThat(tokens).hasSizeGreaterThan(10);
        assertThat(String.join("", tokens)).isEqualTo(response.text());
        assertThat(tokens.subList(0, tokens.size() - 1))
                .allSatisfy(t -> assertThat(t).matches("\\S+\\s+"));
        assertThat(tokens.get(tokens.size() - 1)).matches("\\S+");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.model()).isEqualTo("mock-grounded");
    }

    @Test
    void citesEachPassageWithItsTitleAndQuotesItsMostRelevantSentence() {
        String answer = model.chat(request("How do I reset my password?", PASSAGES, 1000), TokenListener.NONE)
                .text();

        assertThat(answer)
                .contains("To reset your password, open the self-service portal and choose Forgot password. [1]")
                .doesNotContain("Passwords expire every 90 days")
                .contains("[2]")
                .contains("Sources: [1] Password reset, [2] Account lockout.");
        assertThat(answer.indexOf("[1]")).isLessThan(answer.indexOf("[2]"));
    }

    @Test
    void aPassageSharingNoWordWithTheQuestionIsQuotedByItsFirstSentence() {
        String answer = model.chat(request("How do I reset my password?", PASSAGES, 1000), TokenListener.NONE)
                .text();

        assertThat(answer).contains("- Five failed sign-ins lock an account for 15 minutes. [2]");
    }

    @Test
    void withoutPassagesItRestatesTheQuestionAndSaysItIsAMockWithoutKnowledge() {
        ChatRequest request = new ChatRequest(
                "m",
                "sys",
                List.of(new ChatMessage("user", "hi")),
                "Is   the mail server down?",
                List.of(),
                1000,
                null);

        String answer = model.chat(request, TokenListener.NONE).text();

        assertThat(answer)
                .startsWith("You asked: \"Is the mail server down?\".")
                .contains("1 earlier turn")
                .contains("mock chat model")
                .contains("no knowledge source");
    }

    @Test
    void answersTheSameRequestTheSameWay() {
        ChatRequest request = request("VPN drops every hour", PASSAGES, 1000);

        assertThat(model.chat(request, TokenListener.NONE)).isEqualTo(model.chat(request, TokenListener.NONE));
    }

    @Test
    void stopsAtMaxTokensWithFinishReasonLength() {
        String full = model.chat(request("How do I reset my password?", PASSAGES, 1000), TokenListener.NONE)
                .text();
        List<String> tokens = new ArrayList<>();

        ChatResponse cut = model.chat(request("How do I reset my password?", PASSAGES, 10), tokens::add);

        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(cut.completionTokens()).isPositive().isLessThanOrEqualTo(10);
        assertThat(cut.text()).isNotEmpty().isEqualTo(String.join("", tokens));
        assertThat(full).startsWith(cut.text()).isNotEqualTo(cut.text());
    }

    @Test
    void estimatesTokensAtAboutFourCharactersEach() {
        ChatResponse withPassages =
                model.chat(request("How do I reset my password?", PASSAGES, 1000), TokenListener.NONE);
        ChatResponse without = model.chat(request("How do I reset my password?", List.of(), 1000), TokenListener.NONE);

        assertThat(withPassages.completionTokens())
                .isBetween(withPassages.text().length() / 4, withPassages.text().length());
        assertThat(withPassages.promptTokens()).isGreaterThan(without.promptTokens());
        assertThat(without.promptTokens()).isGreaterThanOrEqualTo(("sys" + "How do I reset my password?").length() / 4);
    }

    @Test
    void rateLimitedIsRetryableWithItsRetryAfter() {
        MockChatModel limited = failing(MockFailure.RATE_LIMITED, 0);

        assertThatThrownBy(() -> limited.chat(request("q", PASSAGES, 100), TokenListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_RATE_LIMITED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                });
    }

    @Test
    void unavailableIsRetryable() {
        assertFailsWith(failing(MockFailure.UNAVAILABLE, 0), ErrorCodes.PROVIDER_UNAVAILABLE, true);
    }

    @Test
    void rejectedIsNotRetryable() {
        assertFailsWith(failing(MockFailure.REJECTED, 0), ErrorCodes.PROVIDER_REJECTED, false);
    }

    @Test
    void crashThrowsWhatABugWouldThrow() {
        MockChatModel crashing = failing(MockFailure.CRASH, 0);

        assertThatThrownBy(() -> crashing.chat(request("q", PASSAGES, 100), TokenListener.NONE))
                .isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void midStreamEmitsSomeTokensThenFailsRetryably() {
        int fullLength = model.chat(request("How do I reset my password?", PASSAGES, 1000), TokenListener.NONE)
                .text()
                .split("\\s+")
                .length;
        List<String> tokens = new ArrayList<>();

        assertThatThrownBy(() -> failing(MockFailure.MID_STREAM, 0)
                        .chat(request("How do I reset my password?", PASSAGES, 1000), tokens::add))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(tokens).isNotEmpty().hasSizeLessThan(fullLength);
    }

    @ParameterizedTest
    @EnumSource(value = MockFailure.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void failuresBeforeSuccessFailsTheFirstCallsThenAnswers(MockFailure mode) {
        MockChatModel flaky = failing(mode, 2);

        for (int call = 1; call <= 2; call++) {
            assertThatThrownBy(() -> flaky.chat(request("q", PASSAGES, 100), TokenListener.NONE))
                    .as("call %d", call)
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(flaky.chat(request("q", PASSAGES, 100), TokenListener.NONE).finishReason())
                .isEqualTo("stop");
    }

    @Test
    void withoutABudgetAConfiguredFailureFailsEveryCall() {
        MockChatModel broken = failing(MockFailure.UNAVAILABLE, 0);

        for (int call = 1; call <= 5; call++) {
            assertFailsWith(broken, ErrorCodes.PROVIDER_UNAVAILABLE, true);
        }
    }

    @Test
    void aDirectiveInTheQuestionFailsThatCallOnly() {
        assertThatThrownBy(() -> model.chat(
                        request("Tell me something #mock-fail:rejected", List.of(), 100), TokenListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
                    assertThat(e.retryable()).isFalse();
                });
        assertThatThrownBy(() -> model.chat(request("#MOCK-FAIL:rate_limited now", List.of(), 100), TokenListener.NONE))
                .isInstanceOfSatisfying(
                        StepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_RATE_LIMITED));

        assertThat(model.chat(request("Tell me something", List.of(), 100), TokenListener.NONE)
                        .finishReason())
                .isEqualTo("stop");
    }

    @Test
    void aDirectiveForNoFailureIsLeftOutOfTheAnswer() {
        String answer = model.chat(request("Tell me #mock-fail:none something", List.of(), 1000), TokenListener.NONE)
                .text();

        assertThat(answer).startsWith("You asked: \"Tell me something\".").doesNotContain("#mock-fail");
    }

    @Test
    void anUnknownDirectiveIsRejectedNamingTheKnownModes() {
        assertThatThrownBy(() -> model.chat(request("q #mock-fail:explode", List.of(), 100), TokenListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
                    assertThat(e.getMessage()).contains("explode").contains("rate-limited, unavailable");
                });
    }

    @Test
    void withDirectivesDisabledTheDirectiveIsJustText() {
        MockChatModel plain = new MockChatModel(
                new MockChatModelProperties(Duration.ZERO, MockFailure.NONE, 0, false, Duration.ofSeconds(1)));

        String answer = plain.chat(request("q #mock-fail:crash", List.of(), 1000), TokenListener.NONE)
                .text();

        assertThat(answer).contains("#mock-fail:crash");
    }

    @Test
    void aDirectiveDoesNotUseUpTheConfiguredFailureBudget() {
        MockChatModel flaky = failing(MockFailure.UNAVAILABLE, 1);

        assertFailsWithQuestion(flaky, "x #mock-fail:rejected", ErrorCodes.PROVIDER_REJECTED);
        assertFailsWithQuestion(flaky, "x", ErrorCodes.PROVIDER_UNAVAILABLE);
        assertThat(flaky.chat(request("x", List.of(), 100), TokenListener.NONE).finishReason())
                .isEqualTo("stop");
    }

    @Test
    void anInterruptedStreamFailsRetryablyAndKeepsTheInterrupt() {
        MockChatModel slow = new MockChatModel(
                new MockChatModelProperties(Duration.ofMinutes(1), MockFailure.NONE, 0, true, Duration.ofSeconds(1)));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> slow.chat(request("q", List.of(), 100), TokenListener.NONE))
                    .isInstanceOfSatisfying(
                            StepException.class, e -> assertThat(e.retryable()).isTrue());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTokenDelayStillStreamsTheWholeAnswer() {
        MockChatModel paced = new MockChatModel(
                new MockChatModelProperties(Duration.ofMillis(1), MockFailure.NONE, 0, true, Duration.ofSeconds(1)));
        List<String> tokens = new ArrayList<>();

        ChatResponse response = paced.chat(request("VPN", PASSAGES.subList(0, 1), 1000), tokens::add);

        assertThat(String.join("", tokens)).isEqualTo(response.text()).contains("[1]");
    }

    private static ChatRequest request(String question, List<Passage> passages, int maxTokens) {
        return new ChatRequest("mock-grounded", "sys", List.of(), question, passages, maxTokens, null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "One sentence only",
                "First. Second! Third? Fourth",
                "Ends with a stop.",
                "Spaces after.   Several\tkinds.\nOf\r\nbreaks.",
                "No break after a stop.in the middle, e.g. a version 2.1 or a U.S. address. Next",
                "A question?! Then more... And an ellipsis",
                ". Leading stop",
                "x"
            })
    void sentencesAreSplitWhereTheRegularExpressionWouldSplitThem(String text) {
        assertThat(MockChatModel.sentences(text)).containsExactly(text.split("(?<=[.!?])\\s+"));
    }

    private static MockChatModel failing(MockFailure mode, int failuresBeforeSuccess) {
        return new MockChatModel(
                new MockChatModelProperties(Duration.ZERO, mode, failuresBeforeSuccess, true, Duration.ofSeconds(2)));
    }

    private static void assertFailsWith(MockChatModel model, String code, boolean retryable) {
        assertThatThrownBy(() -> model.chat(request("q", PASSAGES, 100), TokenListener.NONE))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.retryable()).isEqualTo(retryable);
                });
    }

    private static void assertFailsWithQuestion(MockChatModel model, String question, String code) {
        assertThatThrownBy(() -> model.chat(request(question, List.of(), 100), TokenListener.NONE))
                .isInstanceOfSatisfying(
                        StepException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
