package io.aigateway.ingress.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.ingress.limits.LimitProperties.TenantLimits;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class TenantUsageTest {

    private Instant now = Instant.parse("2026-12-04T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final TenantUsage usage = new TenantUsage(clock);
    private final Instant deadline = now.plusSeconds(300);

    @Test
    void aTenantOverItsJobsPerMinuteWaitsUntilTheOldestLeavesTheWindow() {
        TenantLimits limits = TenantLimits.rates(3, 0, 0);
        for (int i = 0; i < 3; i++) {
            usage.admit("acme", "job-" + i, 0, 0, deadline, limits);
            now = now.plusSeconds(10);
        }
        assertThatThrownBy(() -> usage.admit("acme", "job-3", 0, 0, deadline, limits))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.code().status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo("30");
                });
        usage.admit("globex", "job-g", 0, 0, deadline, limits); // another tenant is not affected

        now = now.plusSeconds(31);
        usage.admit("acme", "job-4", 0, 0, deadline, limits);
    }

    @Test
    void otherInstancesAdmissionsCountOnceTheirAcceptedEventsArrive() {
        TenantLimits limits = TenantLimits.rates(2, 0, 0);
        usage.admit("acme", "job-here", 0, 0, deadline, limits);
        usage.onEvent(accepted("job-here")); // this instance's own job coming back: not counted twice
        usage.onEvent(accepted("job-elsewhere"));

        assertThatThrownBy(() -> usage.admit("acme", "job-3", 0, 0, deadline, limits))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void runningJobsFreeTheirPlaceWhenTheyEndOrPassTheirDeadline() {
        TenantLimits limits = TenantLimits.rates(0, 0, 2);
        usage.admit("acme", "job-1", 0, 0, deadline, limits);
        usage.onEvent(accepted("job-2"));
        assertThat(usage.running("acme")).isEqualTo(2);
        assertThatThrownBy(() -> usage.admit("acme", "job-3", 0, 0, deadline, limits))
                .isInstanceOf(RateLimitedException.class);

        usage.onEvent(completed("job-1"));
        usage.admit("acme", "job-3", 0, 0, deadline, limits);

        now = deadline.plusSeconds(1); // job-2 and job-3 never reported an end
        usage.admit("acme", "job-4", 0, 0, now.plusSeconds(300), limits);
        assertThat(usage.running("acme")).isEqualTo(1);
    }

    @Test
    void tokensAreReservedBeforeTheCallAndSettledAfterIt() {
        TenantLimits limits = TenantLimits.rates(0, 1_000, 0);
        usage.admit("acme", "job-1", 700, 0, deadline, limits);
        assertThatThrownBy(() -> usage.admit("acme", "job-2", 400, 0, deadline, limits))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("700 used or reserved");

        usage.onEvent(llmCompleted("job-1", 150, 50)); // it used 200, not 700
        usage.admit("acme", "job-2", 400, 0, deadline, limits);

        now = now.plusSeconds(61);
        usage.onEvent(completed("job-2"));
        usage.admit("acme", "job-3", 900, 0, deadline, limits);
    }

    @Test
    void aJobTheBrokerRefusedNoLongerCounts() {
        TenantLimits limits = TenantLimits.rates(1, 0, 1);
        usage.admit("acme", "job-1", 0, 0, deadline, limits);
        usage.release("acme", "job-1");
        usage.admit("acme", "job-2", 0, 0, deadline, limits);
    }

    @Test
    void uploadsPastTheHourlyQuotaAre403UntilTheOldestLeavesTheHour() {
        TenantLimits limits = new TenantLimits(0, 0, 0, DataSize.ofMegabytes(10));
        usage.admit("acme", "call-1", 0, 6_000_000, deadline, limits);
        now = now.plusSeconds(600);
        usage.onEvent(acceptedUpload("call-2", 3_000_000)); // another instance's upload

        assertThatThrownBy(() -> usage.admit("acme", "call-3", 0, 2_000_000, deadline, limits))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.code().status()).isEqualTo(403);
                    assertThat(e.code().code()).isEqualTo("quota_exceeded");
                    // call-1 leaves the hour 50 minutes from now, and then call-3 fits
                    assertThat(e.retryAfterSeconds()).isEqualTo("3000");
                });
        usage.admit("acme", "text-job", 0, 0, deadline, limits); // a job without an upload is not held back
        usage.admit("globex", "call-g", 0, 9_000_000, deadline, limits); // nor is another tenant

        now = now.plusSeconds(3000);
        usage.admit("acme", "call-3", 0, 2_000_000, deadline, limits);
        assertThat(usage.uploaded("acme")).isEqualTo(5_000_000);
    }

    @Test
    void eventsReadBackOutOfOrderAtStartCountOnlyInTheirOwnWindow() {
        TenantLimits limits = new TenantLimits(2, 0, 0, DataSize.ofMegabytes(10));
        Instant start = now;
        usage.onEvent(acceptedUpload("recent", 1_000_000)); // a second partition's recent job first ...
        now = start.minusSeconds(1800);
        JobAccepted halfAnHourAgo = acceptedUpload("older", 4_000_000);
        now = start.minusSeconds(7200);
        JobAccepted twoHoursAgo = acceptedUpload("oldest", 8_000_000);
        now = start;
        usage.onEvent(halfAnHourAgo); // ... then an older partition's backlog
        usage.onEvent(twoHoursAgo);

        assertThat(usage.uploaded("acme")).isEqualTo(5_000_000); // the two-hour-old upload is past the hour
        usage.admit("acme", "job-1", 0, 0, deadline, limits); // only "recent" is in the last minute: one more fits
        assertThatThrownBy(() -> usage.admit("acme", "job-2", 0, 0, deadline, limits))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void anUploadTheBrokerRefusedGivesItsBytesBack() {
        TenantLimits limits = new TenantLimits(0, 0, 0, DataSize.ofBytes(1_000));
        usage.admit("acme", "call-1", 0, 800, deadline, limits);
        usage.release("acme", "call-1");
        usage.admit("acme", "call-2", 0, 900, deadline, limits);
        assertThat(usage.uploaded("acme")).isEqualTo(900);
    }

    @Test
    void aJobAskingForMoreTokensThanTheWholeMinuteIsABadRequestNotAWait() {
        TenantLimits limits = TenantLimits.rates(0, 1_000, 0);
        assertThatThrownBy(() -> usage.admit("acme", "job-1", 1_001, 0, deadline, limits))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e).isNotInstanceOf(LimitExceededException.class);
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.code().code()).isEqualTo("over_token_limit");
                });
    }

    @Test
    void theEstimateIsThePromptAtFourCharactersATokenPlusTheCompletionAskedFor() {
        JobInput input = JobInput.ofText("x".repeat(400));

        assertThat(Admission.estimateTokens(List.of(Step.RAG, Step.LLM), input, JobOptions.defaults(), 512))
                .isEqualTo(100 + 1 + 512);
        assertThat(Admission.estimateTokens(List.of(Step.TTS), input, JobOptions.defaults(), 512))
                .isZero();
    }

    private JobAccepted accepted(String jobId) {
        return new JobAccepted(SchemaVersion.CURRENT, jobId, jobId, "acme", 0, now, null, List.of(Step.LLM), deadline);
    }

    private JobAccepted acceptedUpload(String jobId, long bytes) {
        return new JobAccepted(
                SchemaVersion.CURRENT, jobId, jobId, "acme", 0, now, null, List.of(Step.STT), deadline, bytes);
    }

    private JobCompleted completed(String jobId) {
        return new JobCompleted(SchemaVersion.CURRENT, jobId, jobId, "acme", 9, now, JobContext.empty());
    }

    private StepCompleted llmCompleted(String jobId, int prompt, int completion) {
        return new StepCompleted(
                SchemaVersion.CURRENT,
                jobId,
                jobId,
                "acme",
                3,
                now,
                Step.LLM,
                "mock",
                12,
                new JobContext(null, null, new Answer("ok", "mock", prompt, completion, "stop"), null));
    }
}
