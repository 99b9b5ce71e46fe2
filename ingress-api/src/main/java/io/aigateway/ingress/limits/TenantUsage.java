package io.aigateway.ingress.limits;

import io.aigateway.ingress.limits.LimitProperties.TenantLimits;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each tenant is using, as this instance sees all instances: every ingress reads {@code gw.events}, so the
 * {@code accepted} events of jobs admitted anywhere, their LLM steps' token counts and their ends reach every instance
 * within moments. Jobs this instance admits count at once, before their events come back ({@link #admit}).
 *
 * <p>The tolerance this leaves: two instances that admit in the same moment, before either sees the other's {@code
 * accepted} event (milliseconds on one broker), can together pass a limit by the number of instances minus one. An
 * instance that starts counts from what it reads after it starts: jobs already running then are not in its
 * concurrency count until they are seen again, and it reads the last minute of events at start for the rates.
 */
public final class TenantUsage {

    private final Clock clock;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    public TenantUsage(Clock clock) {
        this.clock = clock;
    }

    /**
     * Admits one job of {@code tenant} against {@code limits}, or says which limit it would pass. An admitted job
     * counts at once; {@link #release} takes it back if it was not accepted after all.
     *
     * @param estimatedTokens the job's LLM tokens as estimated before the call (0 without an LLM step)
     * @param uploadBytes the bytes the job's client uploaded (its audio), 0 for none
     * @throws RateLimitedException over a rate (429)
     * @throws QuotaExceededException over the upload quota (403)
     * @throws ApiException {@code over_token_limit} (400) when the job alone asks for more tokens than the tenant's
     *     whole minute: no wait would admit it
     */
    public void admit(
            String tenant,
            String jobId,
            long estimatedTokens,
            long uploadBytes,
            Instant deadline,
            TenantLimits limits) {
        Tenant usage = tenants.computeIfAbsent(tenant, t -> new Tenant());
        Instant now = clock.instant();
        synchronized (usage) {
            usage.expire(now);
            if (limits.requestsPerMinute() > 0 && usage.accepts.size() >= limits.requestsPerMinute()) {
                throw new RateLimitedException(
                        "tenant " + tenant + " is at its limit of " + limits.requestsPerMinute() + " jobs per minute",
                        Duration.between(now, usage.accepts.peek().plus(LimitProperties.WINDOW)));
            }
            if (limits.concurrentJobs() > 0 && usage.running.size() >= limits.concurrentJobs()) {
                throw new RateLimitedException(
                        "tenant " + tenant + " has " + usage.running.size() + " jobs running, its limit is "
                                + limits.concurrentJobs(),
                        Duration.ofSeconds(1));
            }
            if (limits.tokensPerMinute() > 0 && estimatedTokens > limits.tokensPerMinute()) {
                throw new ApiException(
                        ProblemCode.OVER_TOKEN_LIMIT,
                        "this job may use ~" + estimatedTokens + " LLM tokens, more than tenant " + tenant
                                + "'s limit of " + limits.tokensPerMinute()
                                + " per minute; ask for fewer (max_tokens) or send a shorter prompt");
            }
            long quota = limits.uploadBytesPerHour().toBytes();
            if (quota > 0 && uploadBytes > 0) {
                long used = usage.uploadsInPeriod();
                if (used + uploadBytes > quota) {
                    throw new QuotaExceededException(
                            "tenant " + tenant + " has uploaded " + used + " bytes in the last hour; this upload of "
                                    + uploadBytes + " bytes would pass its quota of " + quota + " bytes per hour",
                            usage.untilUploadFits(uploadBytes, quota, now));
                }
            }
            if (limits.tokensPerMinute() > 0 && estimatedTokens > 0) {
                long used = usage.tokensInWindow() + usage.pendingTokens();
                if (used + estimatedTokens > limits.tokensPerMinute()) {
                    throw new RateLimitedException(
                            "tenant " + tenant + " would pass its limit of " + limits.tokensPerMinute()
                                    + " LLM tokens per minute (" + used + " used or reserved, this job ~"
                                    + estimatedTokens + ")",
                            usage.tokens.isEmpty()
                                    ? Duration.ofSeconds(1)
                                    : Duration.between(
                                            now, usage.tokens.peek().at().plus(LimitProperties.WINDOW)));
                }
            }
            usage.accepted(jobId, now, estimatedTokens, deadline, uploadBytes);
        }
    }

    /**
     * Counts a batch item's audio against {@code tenant}'s upload quota, and nothing else: batch items wait in their own
     * lane, paced by the workers, so they take no room of the tenant's rates or running jobs and never get its
     * interactive requests refused. The item's {@code accepted} event, when it comes back from {@code gw.events}, names
     * the same job and is not counted again.
     *
     * @throws QuotaExceededException over the upload quota (403)
     */
    public void reserveUpload(String tenant, String jobId, long uploadBytes, TenantLimits limits) {
        Tenant usage = tenants.computeIfAbsent(tenant, t -> new Tenant());
        Instant now = clock.instant();
        synchronized (usage) {
            usage.expire(now);
            long quota = limits.uploadBytesPerHour().toBytes();
            if (quota > 0 && uploadBytes > 0 && usage.uploadsInPeriod() + uploadBytes > quota) {
                throw new QuotaExceededException(
                        "tenant " + tenant + " has uploaded " + usage.uploadsInPeriod()
                                + " bytes in the last hour; this batch's " + uploadBytes
                                + " bytes would pass its quota of " + quota + " bytes per hour",
                        usage.untilUploadFits(uploadBytes, quota, now));
            }
            usage.uploaded(jobId, now, uploadBytes);
        }
    }

    /** Takes back an admission whose job was not accepted (the broker refused it). */
    public void release(String tenant, String jobId) {
        Tenant usage = tenants.get(tenant);
        if (usage != null) {
            synchronized (usage) {
                usage.forget(jobId);
            }
        }
    }

    /** What {@code gw.events} says, from every instance. */
    public void onEvent(JobEvent event) {
        if (event.tenantId() == null) {
            return;
        }
        Tenant usage = tenants.computeIfAbsent(event.tenantId(), t -> new Tenant());
        synchronized (usage) {
            usage.expire(clock.instant());
            if (event instanceof JobAccepted accepted && accepted.batchId() != null) {
                // a batch item: its audio counts against the quota, the item against no rate (reserveUpload)
                usage.uploaded(
                        accepted.jobId(), accepted.at(), accepted.uploadBytes() == null ? 0 : accepted.uploadBytes());
            } else if (event instanceof JobAccepted accepted) {
                usage.accepted(
                        accepted.jobId(),
                        accepted.at(),
                        0,
                        accepted.deadline(),
                        accepted.uploadBytes() == null ? 0 : accepted.uploadBytes());
            } else if (event instanceof StepCompleted completed
                    && completed.step() == Step.LLM
                    && completed.output() != null
                    && completed.output().answer() != null) {
                Answer answer = completed.output().answer();
                usage.settled(
                        completed.jobId(), completed.at(), (long) answer.promptTokens() + answer.completionTokens());
            } else if (event.isTerminal()) {
                usage.finished(event.jobId());
            }
        }
    }

    /** Jobs of the tenant accepted and not finished, as far as this instance knows. */
    public int running(String tenant) {
        Tenant usage = tenants.get(tenant);
        if (usage == null) {
            return 0;
        }
        synchronized (usage) {
            return usage.running.size();
        }
    }

    /** Audio bytes the tenant uploaded in the last hour, as far as this instance knows. */
    public long uploaded(String tenant) {
        Tenant usage = tenants.get(tenant);
        if (usage == null) {
            return 0;
        }
        synchronized (usage) {
            usage.expire(clock.instant());
            return usage.uploadsInPeriod();
        }
    }

    /**
     * What a tenant uses now, for operators ({@code GET /v1/ops/usage}).
     *
     * @param jobsLastMinute jobs admitted in the last minute
     * @param running jobs accepted and not finished
     * @param tokensLastMinute LLM tokens settled in the last minute
     * @param tokensReserved LLM tokens estimated for running jobs and not yet settled
     * @param uploadBytesLastHour audio bytes uploaded in the last hour
     */
    public record Snapshot(
            int jobsLastMinute, int running, long tokensLastMinute, long tokensReserved, long uploadBytesLastHour) {}

    /** Every tenant this instance has seen, with what it uses now. */
    public Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new java.util.TreeMap<>();
        Instant now = clock.instant();
        tenants.forEach((tenant, usage) -> {
            synchronized (usage) {
                usage.expire(now);
                out.put(
                        tenant,
                        new Snapshot(
                                usage.accepts.size(),
                                usage.running.size(),
                                usage.tokensInWindow(),
                                usage.pendingTokens(),
                                usage.uploadsInPeriod()));
            }
        });
        return out;
    }

    private record Tokens(Instant at, long count) {}

    private record Upload(String jobId, Instant at, long bytes) {}

    /**
     * One tenant's usage; guarded by its own monitor. Every operation is cheap (constant or logarithmic time): windows
     * are queues in time order expired from their head and their totals are kept as they change, because at hundreds of jobs a second a scan of
     * every running job on each admission and each event would take the ingress's CPU.
     */
    private static final class Tenant {
        /**
         * When each job of the last minute was accepted, oldest at the head; a job counts once. Ordered by time, not
         * by arrival: the read-back at start and several partitions deliver accepted events out of order.
         */
        final PriorityQueue<Instant> accepts = new PriorityQueue<>();
        /** Jobs seen accepted in the last two minutes, in the order seen: repeats of their events change nothing. */
        final Map<String, Instant> acceptedJobs = new LinkedHashMap<>();
        /** Jobs accepted and not finished, with the tokens still reserved for them (estimates not yet settled). */
        final Map<String, Long> running = new HashMap<>();

        long reserved;
        /** When running jobs pass their deadline, soonest first: a job whose end this instance never sees stops then. */
        final PriorityQueue<Deadline> deadlines = new PriorityQueue<>(Comparator.comparing(Deadline::at));

        final PriorityQueue<Tokens> tokens = new PriorityQueue<>(Comparator.comparing(Tokens::at));
        long tokensInWindow;
        /** Jobs whose LLM tokens are counted already, forgotten with the job's acceptance. */
        final Set<String> settledJobs = new HashSet<>();
        /** Uploads of the quota's period, oldest at the head. */
        final PriorityQueue<Upload> uploads = new PriorityQueue<>(Comparator.comparing(Upload::at));

        long uploadsInPeriod;

        void accepted(String jobId, Instant at, long estimate, Instant deadline, long uploadBytes) {
            if (acceptedJobs.containsKey(jobId)) {
                return; // this instance admitted it already, or the event came twice
            }
            if (uploadBytes > 0) {
                uploads.add(new Upload(jobId, at, uploadBytes));
                uploadsInPeriod += uploadBytes;
            }
            acceptedJobs.put(jobId, at);
            accepts.add(at);
            running.put(jobId, estimate);
            reserved += estimate;
            if (deadline != null) {
                deadlines.add(new Deadline(deadline, jobId));
            }
        }

        /** Batch items counted for their audio only, in the order seen, forgotten as {@link #acceptedJobs} are. */
        final Map<String, Instant> uploadedJobs = new LinkedHashMap<>();

        void uploaded(String jobId, Instant at, long uploadBytes) {
            if (uploadedJobs.putIfAbsent(jobId, at) != null) {
                return;
            }
            if (uploadBytes > 0) {
                uploads.add(new Upload(jobId, at, uploadBytes));
                uploadsInPeriod += uploadBytes;
            }
        }

        void settled(String jobId, Instant at, long count) {
            if (!settledJobs.add(jobId)) {
                return; // the same step_completed again (an at-least-once resend)
            }
            tokens.add(new Tokens(at, count));
            tokensInWindow += count;
            Long left = running.get(jobId);
            if (left != null) {
                reserved -= left; // the estimate gives way to the count
                running.put(jobId, 0L);
            }
        }

        void finished(String jobId) {
            Long left = running.remove(jobId);
            if (left != null) {
                reserved -= left;
            }
        }

        void forget(String jobId) {
            uploadedJobs.remove(jobId);
            Instant at = acceptedJobs.remove(jobId);
            if (at != null) {
                accepts.remove(at);
            }
            uploads.removeIf(upload -> {
                boolean mine = upload.jobId().equals(jobId);
                if (mine) {
                    uploadsInPeriod -= upload.bytes();
                }
                return mine;
            });
            finished(jobId);
        }

        long tokensInWindow() {
            return tokensInWindow;
        }

        long uploadsInPeriod() {
            return uploadsInPeriod;
        }

        /** How long until enough of the oldest uploads leave the period for {@code bytes} more to fit the quota. */
        Duration untilUploadFits(long bytes, long quota, Instant now) {
            if (bytes > quota) {
                return LimitProperties.QUOTA_PERIOD; // never fits; say so no sooner than the period
            }
            long used = uploadsInPeriod;
            // only when refusing: the queue in time order
            for (Upload upload : uploads.stream().sorted(uploads.comparator()).toList()) {
                used -= upload.bytes();
                if (used + bytes <= quota) {
                    return Duration.between(now, upload.at().plus(LimitProperties.QUOTA_PERIOD));
                }
            }
            return Duration.ofSeconds(1);
        }

        long pendingTokens() {
            return reserved;
        }

        void expire(Instant now) {
            Instant cutoff = now.minus(LimitProperties.WINDOW);
            while (!accepts.isEmpty() && !accepts.peek().isAfter(cutoff)) {
                accepts.poll();
            }
            while (!tokens.isEmpty() && !tokens.peek().at().isAfter(cutoff)) {
                tokensInWindow -= tokens.poll().count();
            }
            Instant quotaCutoff = now.minus(LimitProperties.QUOTA_PERIOD);
            while (!uploads.isEmpty() && !uploads.peek().at().isAfter(quotaCutoff)) {
                uploadsInPeriod -= uploads.poll().bytes();
            }
            Instant forgetBefore = cutoff.minus(LimitProperties.WINDOW);
            Iterator<Map.Entry<String, Instant>> oldest =
                    acceptedJobs.entrySet().iterator();
            while (oldest.hasNext()) {
                Map.Entry<String, Instant> job = oldest.next();
                if (!job.getValue().isBefore(forgetBefore)) {
                    break; // seen in order: the rest are younger (near enough; a late one goes at a later call)
                }
                settledJobs.remove(job.getKey());
                oldest.remove();
            }
            Iterator<Map.Entry<String, Instant>> oldestUploaded =
                    uploadedJobs.entrySet().iterator();
            while (oldestUploaded.hasNext() && oldestUploaded.next().getValue().isBefore(forgetBefore)) {
                oldestUploaded.remove();
            }
            while (!deadlines.isEmpty() && deadlines.peek().at().isBefore(now)) {
                finished(deadlines.poll().jobId());
            }
        }
    }

    private record Deadline(Instant at, String jobId) {}
}
