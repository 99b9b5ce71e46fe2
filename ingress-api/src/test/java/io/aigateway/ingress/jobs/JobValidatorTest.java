package io.aigateway.ingress.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JobValidatorTest {

    private final JobValidator validator = new JobValidator(SubmissionProperties.defaults());

    @Test
    void acceptsAnyRouteOverTheFourStepsIncludingRepeats() {
        JobSpec spec = validator.job(job(List.of("rag", "LLM", "llm", "tts"), "hello"));

        assertThat(spec.route()).containsExactly(Step.RAG, Step.LLM, Step.LLM, Step.TTS);
        assertThat(spec.routeName()).isEqualTo("rag>llm>llm>tts");
        assertThat(spec.input().text()).isEqualTo("hello");
        assertThat(spec.options()).isEqualTo(JobOptions.defaults());
    }

    @Test
    void refusesUnknownEmptyAndTooLongRoutes() {
        assertProblem(() -> validator.job(job(List.of("rag", "llx"), "q")), ProblemCode.UNKNOWN_STEP);
        assertProblem(() -> validator.job(job(List.of(), "q")), ProblemCode.EMPTY_ROUTE);
        assertProblem(() -> validator.job(job(null, "q")), ProblemCode.EMPTY_ROUTE);
        assertProblem(() -> validator.job(job(Collections.nCopies(9, "llm"), "q")), ProblemCode.ROUTE_TOO_LONG);
        assertThat(validator.job(job(Collections.nCopies(8, "llm"), "q")).route())
                .hasSize(8);
    }

    @Test
    void unknownStepNamesThePosition() {
        assertThatThrownBy(() -> validator.job(job(List.of("rag", "llx"), "q")))
                .hasMessageContaining("route[1] is 'llx'")
                .hasMessageContaining("stt, rag, llm, tts");
    }

    @Test
    void audioFromClientsIsRefusedAndSttNeedsAudio() {
        JobRequest withAudio =
                new JobRequest(List.of("stt", "llm"), new JobRequest.Input(null, null, Map.of("uri", "file:x")), null);
        assertProblem(() -> validator.job(withAudio), ProblemCode.AUDIO_NOT_SUPPORTED_HERE);
        assertProblem(() -> validator.job(job(List.of("stt", "llm"), "text")), ProblemCode.MISSING_INPUT);
    }

    @Test
    void aRouteNeedsSomethingToWorkOn() {
        assertProblem(() -> validator.job(job(List.of("llm"), "  ")), ProblemCode.MISSING_INPUT);
        assertProblem(() -> validator.job(new JobRequest(List.of("rag"), null, null)), ProblemCode.MISSING_INPUT);
        JobRequest ttsWithMessagesOnly = new JobRequest(
                List.of("tts"), new JobRequest.Input(null, List.of(new ChatMessage("user", "hi")), null), null);
        assertProblem(() -> validator.job(ttsWithMessagesOnly), ProblemCode.MISSING_INPUT);
        JobRequest llmWithMessagesOnly = new JobRequest(
                List.of("llm"), new JobRequest.Input(null, List.of(new ChatMessage("user", "hi")), null), null);
        assertThat(validator.job(llmWithMessagesOnly).input().messages()).hasSize(1);
    }

    @Test
    void inputIsBoundedInCharactersAcrossTextAndMessages() {
        String half = "x".repeat(16_000);
        JobRequest atLimit = new JobRequest(
                List.of("llm"), new JobRequest.Input(half, List.of(new ChatMessage("user", half)), null), null);
        assertThat(validator.job(atLimit).input().text()).hasSize(16_000);

        JobRequest over = new JobRequest(
                List.of("llm"), new JobRequest.Input(half + "y", List.of(new ChatMessage("user", half)), null), null);
        assertProblem(() -> validator.job(over), ProblemCode.INPUT_TOO_LONG);
    }

    @Test
    void messagesAndOptionsAreCheckedFieldByField() {
        List<ChatMessage> tooMany = Collections.nCopies(51, new ChatMessage("user", "x"));
        ApiException e = problem(
                () -> validator.job(new JobRequest(List.of("llm"), new JobRequest.Input("q", tooMany, null), null)));
        assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REQUEST);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("input.messages");

        JobOptions bad = new JobOptions(null, null, "", 0, 3.5, 500, null);
        ApiException options =
                problem(() -> validator.chat(new ChatRequest("q", List.of(new ChatMessage("robot", null)), bad)));
        assertThat(options.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "messages[0].role",
                        "messages[0].content",
                        "options.maxTokens",
                        "options.temperature",
                        "options.topK",
                        "options.model");
    }

    @Test
    void aClientCannotPutItsJobOnTheMockProviders() {
        JobOptions mock = JobOptions.defaults().withMockProviders(true);
        ApiException e = problem(() -> validator.chat(new ChatRequest("q", null, mock)));

        assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REQUEST);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("options.mockProviders");
        assertThat(validator.checkOptions(JobOptions.defaults()).mockProviders())
                .isNull();
    }

    @Test
    void chatIsRetrievalThenTheLlm() {
        JobSpec spec = validator.chat(
                new ChatRequest("How do I reset my password?", List.of(new ChatMessage("assistant", "Hello")), null));

        assertThat(spec.route()).containsExactly(Step.RAG, Step.LLM);
        assertThat(spec.input().text()).isEqualTo("How do I reset my password?");
        assertThat(spec.input().messages()).containsExactly(new ChatMessage("assistant", "Hello"));
        assertProblem(() -> validator.chat(new ChatRequest(" ", null, null)), ProblemCode.MISSING_INPUT);
    }

    private static JobRequest job(List<String> route, String text) {
        return new JobRequest(route, new JobRequest.Input(text, null, null), null);
    }

    private static void assertProblem(ThrowingCallable call, ProblemCode code) {
        assertThat(problem(call).code()).isEqualTo(code);
    }

    private static ApiException problem(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(ApiException.class);
        return (ApiException) thrown;
    }
}
