package io.aigateway.results.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.results.TestEvents;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JobStateFolderTest {

    private final TestEvents job = new TestEvents("job-1", Instant.parse("2025-01-01T10:00:00Z"));

    private static JobState foldAll(JobEvent... events) {
        JobState state = null;
        for (JobEvent event : events) {
            state = JobStateFolder.fold(state, event);
        }
        return state;
    }

    private static StepState step(JobState state, Step step) {
        return state.steps().stream().filter(s -> s.step() == step).findFirst().orElseThrow();
    }

    @Nested
    class EachKind {

        @Test
        void acceptedQueuesTheJobWithEveryStepOfTheRoutePending() {
            JobState state = foldAll(job.accepted(Step.RAG, Step.LLM));

            assertThat(state.jobId()).isEqualTo("job-1");
            assertThat(state.correlationId()).isEqualTo(TestEvents.CORRELATION);
            assertThat(state.tenantId()).isEqualTo(TestEvents.TENANT);
            assertThat(state.batchId()).isEqualTo("batch-1");
            assertThat(state.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(state.steps()).containsExactly(StepState.pending(Step.RAG), StepState.pending(Step.LLM));
            assertThat(state.createdAt()).isEqualTo(job.acceptedAt());
            assertThat(state.updatedAt()).isEqualTo(job.acceptedAt());
            assertThat(state.deadline()).isEqualTo(job.acceptedAt().plusSeconds(60));
            assertThat(state.lastSeq()).isZero();
        }

        @Test
        void stepStartedRunsTheJobAndTheStepWithItsProvider() {
            JobState state = foldAll(job.accepted(Step.RAG, Step.LLM), job.started(1, Step.RAG, "lucene", 0));

            assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(step(state, Step.RAG).status()).isEqualTo(JobStatus.RUNNING);
            assertThat(step(state, Step.RAG).provider()).isEqualTo("lucene");
            assertThat(step(state, Step.RAG).startedAt()).isEqualTo(job.at(1));
            assertThat(step(state, Step.LLM)).isEqualTo(StepState.pending(Step.LLM));
            assertThat(state.lastSeq()).isEqualTo(1);
        }

        @Test
        void aDeltaChangesOnlyUpdatedAtAndLastSeq() {
            JobState before = foldAll(job.accepted(Step.LLM), job.started(1, Step.LLM, "mock", 0));

            JobState after = JobStateFolder.fold(before, job.delta(2, "Hello"));

            assertThat(after.lastSeq()).isEqualTo(2);
            assertThat(after.updatedAt()).isEqualTo(job.at(2));
            assertThat(after)
                    .usingRecursiveComparison()
                    .ignoringFields("lastSeq", "updatedAt")
                    .isEqualTo(before);
        }

        @Test
        void stepCompletedCompletesTheStepAndMergesItsOutputIntoTheResult() {
            JobState state = foldAll(
                    job.accepted(Step.RAG, Step.LLM),
                    job.started(1, Step.RAG, "lucene", 0),
                    job.stepCompleted(2, Step.RAG, "lucene", TestEvents.passages()),
                    job.started(3, Step.LLM, "mock", 1),
                    job.stepCompleted(4, Step.LLM, "mock", TestEvents.answer("Use the portal.")));

            assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
            StepState rag = step(state, Step.RAG);
            assertThat(rag.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(rag.startedAt()).isEqualTo(job.at(1));
            assertThat(rag.completedAt()).isEqualTo(job.at(2));
            assertThat(rag.durationMillis()).isEqualTo(500L);
            assertThat(state.result().passages())
                    .isEqualTo(TestEvents.passages().passages());
            assertThat(state.result().answer().text()).isEqualTo("Use the portal.");
        }

        @Test
        void completedEndsTheJobWithTheEventsResult() {
            JobContext result = TestEvents.passages().merge(TestEvents.answer("Use the portal."));

            JobState state = foldAll(job.accepted(Step.LLM), job.completed(3, result));

            assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(state.result()).isEqualTo(result);
            assertThat(state.error()).isNull();
        }

        @Test
        void failedEndsTheJobAndFailsTheFailingStep() {
            ErrorInfo error = new ErrorInfo("provider_rejected", "no", false);

            JobState state = foldAll(
                    job.accepted(Step.RAG, Step.LLM),
                    job.started(1, Step.RAG, "lucene", 0),
                    job.stepCompleted(2, Step.RAG, "lucene", TestEvents.passages()),
                    job.started(3, Step.LLM, "mock", 1),
                    job.failed(4, Step.LLM, "mock", error));

            assertThat(state.status()).isEqualTo(JobStatus.FAILED);
            assertThat(state.error()).isEqualTo(error);
            StepState llm = step(state, Step.LLM);
            assertThat(llm.status()).isEqualTo(JobStatus.FAILED);
            assertThat(llm.error()).isEqualTo(error);
            assertThat(llm.completedAt()).isEqualTo(job.at(4));
            assertThat(llm.durationMillis()).isEqualTo(1000L);
            assertThat(step(state, Step.RAG).status()).isEqualTo(JobStatus.COMPLETED);
        }

        @Test
        void cancelledEndsTheJobWithTheReason() {
            JobState state = foldAll(job.accepted(Step.LLM), job.cancelled(1, "by the client"));

            assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(state.error().code()).isEqualTo(JobStateFolder.CANCELLED_CODE);
            assertThat(state.error().message()).isEqualTo("by the client");
        }
    }

    @Nested
    class Duplicates {

        @Test
        void foldingTheSameEventTwiceGivesTheSameState() {
            JobState once = foldAll(
                    job.accepted(Step.LLM),
                    job.started(1, Step.LLM, "mock", 0),
                    job.stepCompleted(2, Step.LLM, "mock", TestEvents.answer("a")));

            JobState twice = JobStateFolder.fold(once, job.stepCompleted(2, Step.LLM, "mock", TestEvents.answer("a")));

            assertThat(twice).isEqualTo(once);
        }

        @Test
        void theFirstOutcomeOfAStepWins() {
            JobState state = foldAll(
                    job.accepted(Step.LLM),
                    job.started(1, Step.LLM, "mock", 0),
                    job.stepCompleted(2, Step.LLM, "mock", TestEvents.answer("first")),
                    // a redelivered envelope ran the step again under new sequence numbers
                    job.started(3, Step.LLM, "other", 0),
                    job.stepCompleted(4, Step.LLM, "other", TestEvents.answer("second")));

            assertThat(state.result().answer().text()).isEqualTo("first");
            assertThat(step(state, Step.LLM).provider()).isEqualTo("mock");
            assertThat(step(state, Step.LLM).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(state.steps()).hasSize(1);
            assertThat(state.lastSeq()).isEqualTo(4);
        }

        @Test
        void theFirstTerminalEventWins() {
            JobState state = foldAll(
                    job.accepted(Step.LLM),
                    job.completed(2, TestEvents.answer("done")),
                    job.failed(3, Step.LLM, "mock", new ErrorInfo("provider_timeout", "late", true)),
                    job.cancelled(4, "too late"));

            assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(state.error()).isNull();
            assertThat(state.result().answer().text()).isEqualTo("done");
        }
    }

    @Nested
    class OutOfOrder {

        @Test
        void aStepStartedBeforeAcceptedStartsTheStateFromWhatItSays() {
            JobState state = foldAll(job.started(1, Step.LLM, "mock", 1));

            assertThat(state.jobId()).isEqualTo("job-1");
            assertThat(state.tenantId()).isEqualTo(TestEvents.TENANT);
            assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(state.steps()).extracting(StepState::step).containsExactly(Step.LLM);
            assertThat(state.lastSeq()).isEqualTo(1);
        }

        @Test
        void aLateAcceptedOrdersTheStepsByRouteAndKeepsWhatWasSeen() {
            JobState state = foldAll(job.started(1, Step.LLM, "mock", 1), job.accepted(Step.RAG, Step.LLM));

            assertThat(state.steps()).extracting(StepState::step).containsExactly(Step.RAG, Step.LLM);
            assertThat(step(state, Step.RAG).status()).isEqualTo(JobStatus.QUEUED);
            assertThat(step(state, Step.LLM).status()).isEqualTo(JobStatus.RUNNING);
            assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(state.createdAt()).isEqualTo(job.acceptedAt());
            assertThat(state.batchId()).isEqualTo("batch-1");
            assertThat(state.lastSeq()).isEqualTo(1);
            assertThat(state.updatedAt()).isEqualTo(job.at(1));
        }

        @Test
        void aTerminalJobNeverGoesBackToRunning() {
            JobState state = foldAll(
                    job.accepted(Step.LLM),
                    job.completed(3, TestEvents.answer("done")),
                    job.started(1, Step.LLM, "mock", 0),
                    job.delta(2, "do"));

            assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(state.lastSeq()).isEqualTo(3);
            assertThat(state.updatedAt()).isEqualTo(job.at(3));
        }

        @Test
        void aStepStartedAfterTheStepCompletedLeavesItCompleted() {
            JobState state = foldAll(
                    job.accepted(Step.LLM),
                    job.stepCompleted(2, Step.LLM, "mock", TestEvents.answer("a")),
                    job.started(1, Step.LLM, "mock", 0));

            assertThat(step(state, Step.LLM).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(step(state, Step.LLM).startedAt()).isEqualTo(job.at(2).minusMillis(500));
            assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
        }

        @Test
        void aLateStepCompletedIsRecordedButLeavesACompletedJobsResultAlone() {
            JobContext result = TestEvents.passages().merge(TestEvents.answer("final"));

            JobState state = foldAll(
                    job.accepted(Step.RAG, Step.LLM),
                    job.completed(5, result),
                    job.stepCompleted(2, Step.RAG, "lucene", JobContext.empty().withPassages(List.of())));

            assertThat(state.result()).isEqualTo(result);
            assertThat(step(state, Step.RAG).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(state.lastSeq()).isEqualTo(5);
        }
    }
}
