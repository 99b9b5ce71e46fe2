package io.aigateway.rag.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.step.StepResult;
import io.aigateway.rag.mock.MockRetriever;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RagStepHandlerTest {

    private static final RetrieverSelection MOCK = new RetrieverSelection("mock", MockRetriever.withBuiltInCorpus());

    private final RecordingRetriever retriever = new RecordingRetriever();
    private final RagStepHandler handler =
            new RagStepHandler(new RetrieverSelection("fake", retriever), MOCK, new RagProperties("fake", 3, 5));

    @Test
    void searchesTheInputTextWithTheDefaultTopKAndReturnsOnlyThePassages() {
        StepResult result =
                handler.handle(envelope(JobInput.ofText("printer jam"), null, JobContext.empty()), text -> {});

        assertThat(retriever.queries).containsExactly(new RetrievalQuery("tenant-a", "printer jam", 3));
        assertThat(result.provider()).isEqualTo("fake");
        assertThat(result.output()).isEqualTo(JobContext.empty().withPassages(retriever.answer("printer jam", 3)));
        assertThat(handler.step()).isEqualTo(Step.RAG);
        assertThat(handler.providerFor(null)).isEqualTo("fake");
    }

    @Test
    void aJobMarkedForMockProvidersIsAnsweredByTheMockNotTheConfiguredRetriever() {
        JobEnvelope marked = envelope(JobInput.ofText("printer paper jam"), null, JobContext.empty());
        marked = marked.withOptions(marked.options().withMockProviders(true));

        assertThat(handler.providerFor(marked)).isEqualTo("mock");
        StepResult result = handler.handle(marked, text -> {});

        assertThat(retriever.queries).isEmpty();
        assertThat(result.provider()).isEqualTo("mock");
        assertThat(result.output().passages()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void prefersTheTranscriptOverTheInputText() {
        JobContext heard = JobContext.empty().withTranscript(new Transcript("vpn drops", "en-US", 1.0, List.of()));

        handler.handle(envelope(JobInput.ofText("typed"), null, heard), text -> {});

        assertThat(retriever.queries).extracting(RetrievalQuery::text).containsExactly("vpn drops");
    }

    @Test
    void aConversationGivenAsMessagesOnlySearchesItsLastUserTurn() {
        JobInput conversation = new JobInput(
                null,
                List.of(
                        new ChatMessage("user", "hi"),
                        new ChatMessage("assistant", "hello"),
                        new ChatMessage("user", "wifi password?")),
                null);

        handler.handle(envelope(conversation, null, JobContext.empty()), text -> {});

        assertThat(retriever.queries).extracting(RetrievalQuery::text).containsExactly("wifi password?");
    }

    @Test
    void theJobsTopKIsCappedAtTheConfiguredMaximum() {
        handler.handle(envelope(JobInput.ofText("a"), 2, JobContext.empty()), text -> {});
        handler.handle(envelope(JobInput.ofText("a"), 50, JobContext.empty()), text -> {});

        assertThat(retriever.queries).extracting(RetrievalQuery::topK).containsExactly(2, 5);
    }

    @Test
    void noMorePassagesThanAskedEvenWhenTheProviderReturnsMore() {
        RagStepHandler generous = new RagStepHandler(
                new RetrieverSelection("fake", q -> retriever.answer(q.text(), 10)),
                MOCK,
                new RagProperties("fake", 3, 5));

        StepResult result = generous.handle(envelope(JobInput.ofText("a"), 2, JobContext.empty()), text -> {});

        assertThat(result.output().passages()).hasSize(2);
    }

    @Test
    void nothingFoundIsAnEmptyListNotAFailure() {
        RagStepHandler empty =
                new RagStepHandler(new RetrieverSelection("fake", q -> List.of()), MOCK, RagProperties.defaults());

        StepResult result = empty.handle(envelope(JobInput.ofText("zzz"), null, JobContext.empty()), text -> {});

        assertThat(result.output().passages()).isEmpty();
    }

    @Test
    void withoutAQueryTheInputIsInvalidAndRetryingCannotHelp() {
        assertInvalid(envelope(new JobInput(" ", List.of(), null), null, JobContext.empty()));
        assertThat(retriever.queries).isEmpty();
    }

    @Test
    void aTopKBelowOneIsInvalidInput() {
        assertInvalid(envelope(JobInput.ofText("a"), 0, JobContext.empty()));
    }

    private void assertInvalid(JobEnvelope envelope) {
        assertThatThrownBy(() -> handler.handle(envelope, text -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.retryable()).isFalse();
                });
    }

    private static JobEnvelope envelope(JobInput input, Integer topK, JobContext context) {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        return new JobEnvelope(
                1,
                "job-1",
                "corr-1",
                "tenant-a",
                null,
                now,
                now.plusSeconds(60),
                List.of(Step.RAG, Step.LLM),
                0,
                1,
                input,
                new JobOptions(null, null, null, null, null, topK, null),
                context);
    }

    /** Answers {@code topK} made-up passages about the query and remembers what it was asked. */
    static final class RecordingRetriever implements Retriever {
        final List<RetrievalQuery> queries = new ArrayList<>();

        @Override
        public List<Passage> retrieve(RetrievalQuery query) {
            queries.add(query);
            return answer(query.text(), query.topK());
        }

        List<Passage> answer(String text, int count) {
            return IntStream.range(0, count)
                    .mapToObj(i -> new Passage("doc-" + i, text, 0, "about " + text, 1.0 / (i + 1), "fake"))
                    .toList();
        }
    }
}
