package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.ingress.limits.LimitProperties;
import io.aigateway.ingress.limits.LimitProperties.TenantLimits;
import io.aigateway.ingress.limits.QuotaExceededException;
import io.aigateway.ingress.limits.RateLimitedException;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.limits.TenantUsage;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A batch against its tenant's limits with the real usage counter: the request is one request of the tenant's rate;
 * the batch's stored audio counts against the upload quota whole or not at all, and once only, whether this instance
 * admitted it or reads its items' accepted events.
 */
class BatchAdmissionTest {

    static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final TenantUsage usage = new TenantUsage(clock);
    final TenantPolicies policies = new TenantPolicies(
            new LimitProperties(
                    TenantLimits.none(),
                    Map.of("acme", new TenantLimits(3, 0, 1, DataSize.ofBytes(100_000))),
                    512,
                    Duration.ofHours(1)),
            false);
    final BatchAdmission admission = new BatchAdmission(usage, policies, clock);

    @Test
    void aBatchOverTheUploadQuotaIsRefusedWholeWithWhenItWouldFitAndCountsNothing() {
        admission.uploads("acme", "bat_first", 0, List.of(item(0, 60_000)));
        assertThat(usage.uploaded("acme")).isEqualTo(60_000);

        List<BatchItem> second = List.of(item(0, 20_000), item(1, 30_000), failed(2));
        assertThatThrownBy(() -> admission.uploads("acme", "bat_second", 0, second))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("quota_exceeded");
                    assertThat(e.getMessage()).contains("50000 bytes");
                    // the first batch leaves the hour in an hour: then the second fits
                    assertThat(e.retryAfterSeconds()).isEqualTo("3600");
                });
        assertThat(usage.uploaded("acme")).isEqualTo(60_000);

        // a smaller batch fits; what is over the quota is the whole batch, not an item
        admission.uploads("acme", "bat_third", 0, List.of(item(0, 20_000), item(1, 20_000)));
        assertThat(usage.uploaded("acme")).isEqualTo(100_000);
    }

    @Test
    void theItemsAcceptedEventsDoNotCountTheBytesASecondTimeAndARefusedBatchGivesThemBack() {
        BatchAdmission.Admitted admitted =
                admission.uploads("acme", "bat_events", 0, List.of(item(0, 10_000), item(1, 15_000)));
        // the dispatcher publishes the items' jobs: their accepted events come back through gw.events
        usage.onEvent(accepted(new BatchItemKey("bat_events", 0, 0).jobId(), 10_000));
        usage.onEvent(accepted(new BatchItemKey("bat_events", 1, 0).jobId(), 15_000));
        assertThat(usage.uploaded("acme")).isEqualTo(25_000);

        BatchAdmission.Admitted lost = admission.uploads("acme", "bat_lost", 0, List.of(item(0, 40_000)));
        assertThat(usage.uploaded("acme")).isEqualTo(65_000);
        admission.release(lost); // the broker did not take it
        assertThat(usage.uploaded("acme")).isEqualTo(25_000);
        assertThat(admitted.ids()).hasSize(2);
    }

    @Test
    void eachSubmissionIsOneRequestOfTheTenantsRateWhateverItsSizeAndRunningJobsDoNotRefuseIt() {
        usage.admit("acme", "job-running", 0, 0, NOW.plusSeconds(60), policies.limitsOf("acme"));
        // at its limit of one running job, the tenant may still submit batches: their items wait in the batch lane
        admission.request("acme", "bat_a");
        admission.request("acme", "bat_b");
        assertThatThrownBy(() -> admission.request("acme", "bat_c"))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.code().code()).isEqualTo("rate_limited"));
        // a tenant without limits is never refused
        for (int i = 0; i < 10; i++) {
            admission.request("other", "bat_" + i);
        }
        assertThat(admission
                        .uploads("other", "bat_x", 0, List.of(item(0, 1_000_000_000)))
                        .ids())
                .isEmpty();
    }

    @Test
    void aLargeBatchsItemsTakeNoRoomOfTheTenantsRatesSoItsInteractiveRequestsStillRun() {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(item(i, 100));
        }
        admission.uploads("acme", "bat_events", 0, items);
        for (int i = 0; i < 200; i++) {
            usage.onEvent(accepted(new BatchItemKey("bat_events", i, 0).jobId(), 100));
        }
        assertThat(usage.running("acme")).isZero();
        assertThat(usage.uploaded("acme")).isEqualTo(20_000);
        // acme may run one job at a time and three a minute: an interactive job is admitted
        usage.admit("acme", "job-interactive", 0, 0, NOW.plusSeconds(60), policies.limitsOf("acme"));
        assertThat(usage.running("acme")).isEqualTo(1);
    }

    static BatchItem item(int index, long bytes) {
        return new BatchItem(
                index, "call-" + index, null, new BlobRef("file:///b/" + index, bytes, "00", "audio/wav"), 1.0, null);
    }

    static BatchItem failed(int index) {
        return new BatchItem(
                index, "call-" + index, "https://x/" + index, null, null, new ErrorInfo("fetch_failed", "no", true));
    }

    static JobAccepted accepted(String jobId, long bytes) {
        return new JobAccepted(
                SchemaVersion.CURRENT,
                jobId,
                jobId,
                "acme",
                0,
                NOW,
                "bat_events",
                List.of(Step.STT),
                NOW.plusSeconds(3600),
                bytes);
    }
}
