package io.aigateway.ingress.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.schemas.event.JobEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private final Instant t0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void keepsAJobsEventsInOrderWithoutRepeatsUntilTheTtlAfterItsLastEvent() {
        RecentEvents recent = new RecentEvents(Duration.ofSeconds(30), 10, 100);
        TestJobs job = TestJobs.of("job_a");
        recent.add(job.started(1), t0);
        recent.add(job.accepted(), t0);
        recent.add(job.started(1), t0.plusSeconds(20));

        assertThat(recent.of("job_a")).extracting(JobEvent::seq).containsExactly(0L, 1L);

        recent.expire(t0.plusSeconds(49));
        assertThat(recent.of("job_a")).hasSize(2);
        recent.expire(t0.plusSeconds(51));
        assertThat(recent.of("job_a")).isEmpty();
    }

    @Test
    void isBoundedInJobsAndInEventsPerJob() {
        RecentEvents recent = new RecentEvents(Duration.ofSeconds(30), 2, 3);
        recent.add(TestJobs.of("job_a").accepted(), t0);
        recent.add(TestJobs.of("job_b").accepted(), t0);
        recent.add(TestJobs.of("job_a").started(1), t0); // job_a becomes the most recently active
        recent.add(TestJobs.of("job_c").accepted(), t0);

        assertThat(recent.jobs()).isEqualTo(2);
        assertThat(recent.of("job_b")).isEmpty();
        assertThat(recent.of("job_a")).hasSize(2);

        TestJobs c = TestJobs.of("job_c");
        for (int seq = 1; seq <= 5; seq++) {
            recent.add(c.delta(seq, "x"), t0);
        }
        assertThat(recent.of("job_c")).extracting(JobEvent::seq).containsExactly(3L, 4L, 5L);
    }
}
