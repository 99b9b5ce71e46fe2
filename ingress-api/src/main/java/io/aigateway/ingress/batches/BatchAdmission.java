package io.aigateway.ingress.batches;

import io.aigateway.ingress.limits.LimitProperties.TenantLimits;
import io.aigateway.ingress.limits.QuotaExceededException;
import io.aigateway.ingress.limits.RateLimitedException;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.limits.TenantUsage;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * A batch against its tenant's limits, as {@code POST /v1/batches} and its retry meet them, before anything is
 * published:
 *
 * <ul>
 *   <li>the request counts as one request against the tenant's {@code requests-per-minute} (429 {@code rate_limited}
 *       with {@code Retry-After}), checked before anything is downloaded or stored. Running jobs and LLM tokens are not
 *       checked for the request: its items wait in the batch lane, paced by the workers;
 *   <li>the audio of its items (as stored: 16 kHz mono WAV, as for an interactive upload) counts against the tenant's
 *       {@code upload-bytes-per-hour}: the batch as a whole, or nothing of it (403 {@code quota_exceeded} with {@code
 *       Retry-After} for the whole batch).
 * </ul>
 *
 * The bytes are counted at once under each item's job id: the job's {@code accepted} event, which every instance counts
 * from {@code gw.events}, names the same job and bytes, so this instance does not count them twice ({@link
 * TenantUsage}). The items count for nothing else: they wait in the batch lane, so a large batch never gets the
 * tenant's interactive requests refused. A batch refused or not taken by the broker is given back whole.
 */
final class BatchAdmission {

    private final TenantUsage usage;
    private final TenantPolicies policies;
    private final Clock clock;

    BatchAdmission(TenantUsage usage, TenantPolicies policies, Clock clock) {
        this.usage = usage;
        this.policies = policies;
        this.clock = clock;
    }

    /** What a batch holds of its tenant's limits, given back when it is not accepted after all. */
    record Admitted(String tenant, List<String> ids) {}

    /**
     * Counts the request against the tenant's request rate.
     *
     * @param requestId the request's own id (a batch id, or a retry's), not any job's
     * @throws RateLimitedException over the rate
     */
    Admitted request(String tenant, String requestId) {
        TenantLimits limits = policies.limitsOf(tenant);
        Instant now = clock.instant();
        // a request, not a job: it is over at once, so it never counts as running
        usage.admit(tenant, requestId, 0, 0, now, rateOnly(limits));
        return new Admitted(tenant, List.of(requestId));
    }

    /**
     * Counts the audio of the items that will run as attempt {@code attempt} against the tenant's upload quota, all
     * or none.
     *
     * @throws QuotaExceededException when the batch's audio would pass the quota
     */
    Admitted uploads(String tenant, String batchId, int attempt, List<BatchItem> items) {
        long total = items.stream()
                .filter(i -> i.audio() != null)
                .mapToLong(i -> i.audio().size())
                .sum();
        TenantLimits limits = policies.limitsOf(tenant);
        if (total == 0 || limits.uploadBytesPerHour().toBytes() <= 0) {
            return new Admitted(tenant, List.of());
        }
        TenantLimits quota = quotaOnly(limits);
        // the whole batch first, so that the answer's Retry-After is the batch's; then each item under its job's id
        String whole = batchId + "-upload-" + attempt;
        usage.reserveUpload(tenant, whole, total, quota);
        usage.release(tenant, whole);
        List<String> ids = new ArrayList<>();
        try {
            for (BatchItem item : items) {
                if (item.audio() == null) {
                    continue;
                }
                String jobId = new BatchItemKey(batchId, item.index(), attempt).jobId();
                usage.reserveUpload(tenant, jobId, item.audio().size(), quota);
                ids.add(jobId);
            }
        } catch (RuntimeException e) {
            // another request took the room meanwhile: the batch is refused whole
            release(new Admitted(tenant, ids));
            throw e;
        }
        return new Admitted(tenant, ids);
    }

    /** Gives back what was counted: the batch was refused or the broker did not take it. */
    void release(Admitted admitted) {
        if (admitted != null) {
            admitted.ids().forEach(id -> usage.release(admitted.tenant(), id));
        }
    }

    private static TenantLimits rateOnly(TenantLimits limits) {
        return new TenantLimits(limits.requestsPerMinute(), 0, 0, DataSize.ofBytes(0));
    }

    private static TenantLimits quotaOnly(TenantLimits limits) {
        return new TenantLimits(0, 0, 0, limits.uploadBytesPerHour());
    }
}
