package io.aigateway.ingress.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.testing.FakeResultStore;
import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobLookupTest {

    private final RecentlyAccepted recent = new RecentlyAccepted(Clock.systemUTC(), Duration.ofSeconds(60), 10);
    private final FakeResultStore store = new FakeResultStore();

    @Test
    void theStoresAnswerWinsAndAnotherTenantsJobIsUnknown() {
        TestJobs job = TestJobs.of("job_a");
        store.put(job.state(JobStatus.RUNNING, 3), List.of());
        recent.remember(job.accepted());
        JobLookup lookup = new JobLookup(store, recent);

        assertThat(lookup.state("job_a", "default")).map(JobState::status).contains(JobStatus.RUNNING);
        assertThat(lookup.state("job_a", "other")).isEmpty();
    }

    @Test
    void aJustAcceptedJobIsQueuedWhileTheStoreDoesNotKnowItYetEvenWhenTheStoreFails() {
        TestJobs job = TestJobs.of("job_b");
        recent.remember(job.accepted());

        assertThat(new JobLookup(store, recent).state("job_b", "default"))
                .map(JobState::status)
                .contains(JobStatus.QUEUED);
        assertThat(new JobLookup(failing(), recent).state("job_b", "default"))
                .map(JobState::status)
                .contains(JobStatus.QUEUED);
        assertThat(new JobLookup(store, recent).state("job_b", "other")).isEmpty();
    }

    @Test
    void anEndThisInstanceSawIsLaidOverAStoreThatHasNotFoldedItYet() {
        TestJobs job = TestJobs.of("job_d");
        store.put(job.state(JobStatus.RUNNING, 3), List.of());
        Map<String, List<JobEvent>> seen = Map.of(
                "job_d", job.chain(6), "job_e", List.of(TestJobs.of("job_e").failed(4)));
        JobLookup lookup = new JobLookup(store, recent, id -> seen.getOrDefault(id, List.of()));

        JobState done = lookup.withEndSeen("job_d", "default").orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.lastSeq()).isEqualTo(5);
        assertThat(done.result().answer().text()).isEqualTo("hi");
        assertThat(lookup.state("job_d", "default").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(lookup.withEndSeen("job_d", "other")).isEmpty();

        TestJobs failing = TestJobs.of("job_e");
        store.put(failing.state(JobStatus.RUNNING, 2), List.of());
        JobState failed = lookup.withEndSeen("job_e", "default").orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("provider_unavailable");

        // an end the store has already folded, or an older event, changes nothing
        store.put(job.state(JobStatus.COMPLETED, 5), List.of());
        assertThat(lookup.withEndSeen("job_d", "default").orElseThrow().lastSeq())
                .isEqualTo(5);
        TestJobs quiet = TestJobs.of("job_f");
        store.put(quiet.state(JobStatus.RUNNING, 9), List.of());
        assertThat(new JobLookup(store, recent, id -> List.of(quiet.completed(4)))
                        .withEndSeen("job_f", "default")
                        .orElseThrow()
                        .status())
                .isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aFailingStoreIsResultStoreUnavailable() {
        JobLookup lookup = new JobLookup(failing(), recent);

        ApiException state = catchThrowableOfType(ApiException.class, () -> lookup.state("job_c", "default"));
        ApiException history = catchThrowableOfType(ApiException.class, () -> lookup.history("job_c", -1));

        assertThat(state.code()).isEqualTo(ProblemCode.RESULT_STORE_UNAVAILABLE);
        assertThat(history.code()).isEqualTo(ProblemCode.RESULT_STORE_UNAVAILABLE);
        assertThat(state.code().retryable()).isTrue();
    }

    private static JobQueries failing() {
        return new JobQueries() {
            @Override
            public Optional<JobState> job(String jobId) {
                throw new ResultStoreUnavailableException("down", null);
            }

            @Override
            public List<JobEvent> events(String jobId, long afterSeq) {
                throw new ResultStoreUnavailableException("down", null);
            }
        };
    }
}
