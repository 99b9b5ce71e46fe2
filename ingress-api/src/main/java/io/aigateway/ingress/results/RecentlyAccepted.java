package io.aigateway.ingress.results;

import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Read your writes: the jobs this instance accepted in the last {@code recent-ttl}, answered as "queued" while the
 * result store has not folded their {@code accepted} event yet (usually milliseconds). Bounded: past {@code
 * recent-max-jobs} the oldest entry goes.
 *
 * <p>It only covers the instance that accepted the job. With several ingress replicas behind a load balancer, a GET
 * that lands on another replica relies on the store, whose lag is usually milliseconds; sticky sessions or a short
 * client retry on 404 cover the rest.
 */
public final class RecentlyAccepted {

    private record Entry(JobAccepted accepted, JobState queued, Instant expiresAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final int maxJobs;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public RecentlyAccepted(Clock clock, Duration ttl, int maxJobs) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxJobs = maxJobs;
    }

    /** Remembers a job the broker acknowledged, by its {@code accepted} event. */
    public synchronized void remember(JobAccepted accepted) {
        Instant now = clock.instant();
        expire(now);
        entries.remove(accepted.jobId());
        entries.put(accepted.jobId(), new Entry(accepted, queued(accepted), now.plus(ttl)));
        while (entries.size() > maxJobs) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The job as it stood when accepted, while remembered. */
    public synchronized Optional<JobState> state(String jobId) {
        return entry(jobId).map(Entry::queued);
    }

    /** The job's {@code accepted} event, while remembered. */
    public synchronized Optional<JobAccepted> accepted(String jobId) {
        return entry(jobId).map(Entry::accepted);
    }

    public synchronized int size() {
        expire(clock.instant());
        return entries.size();
    }

    private Optional<Entry> entry(String jobId) {
        Instant now = clock.instant();
        expire(now);
        return Optional.ofNullable(entries.get(jobId));
    }

    /** Entries are in insertion order and share one ttl, so the expired ones are at the head. */
    private void expire(Instant now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().expiresAt().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }

    /** What the result store would fold from the accepted event alone. */
    static JobState queued(JobAccepted a) {
        return JobState.of(
                a.jobId(),
                a.correlationId(),
                a.tenantId(),
                a.batchId(),
                JobStatus.QUEUED,
                a.route().stream().map(StepState::pending).toList(),
                null,
                null,
                a.at(),
                a.at(),
                a.deadline(),
                a.seq());
    }
}
