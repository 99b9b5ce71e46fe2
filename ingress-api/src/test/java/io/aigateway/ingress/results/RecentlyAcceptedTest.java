package io.aigateway.ingress.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.ingress.testing.MutableClock;
import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentlyAcceptedTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));

    @Test
    void answersAQueuedStateBuiltFromTheAcceptedEventUntilTheTtlPassed() {
        RecentlyAccepted recent = new RecentlyAccepted(clock, Duration.ofSeconds(60), 10);
        TestJobs job = TestJobs.of("job_r");
        recent.remember(job.accepted());

        JobState state = recent.state("job_r").orElseThrow();
        assertThat(state.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(state.steps()).containsExactly(StepState.pending(Step.LLM));
        assertThat(state.tenantId()).isEqualTo("default");
        assertThat(state.lastSeq()).isZero();
        assertThat(state.deadline()).isEqualTo(job.accepted().deadline());
        assertThat(recent.accepted("job_r")).contains(job.accepted());

        clock.advance(Duration.ofSeconds(59));
        assertThat(recent.state("job_r")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(recent.state("job_r")).isEmpty();
    }

    @Test
    void isBoundedTheOldestGoingFirst() {
        RecentlyAccepted recent = new RecentlyAccepted(clock, Duration.ofSeconds(60), 2);
        recent.remember(TestJobs.of("job_1").accepted());
        recent.remember(TestJobs.of("job_2").accepted());
        recent.remember(TestJobs.of("job_3").accepted());

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.state("job_1")).isEmpty();
        assertThat(recent.state("job_3")).isPresent();
    }
}
