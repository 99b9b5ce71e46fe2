package io.aigateway.ingress.events;

import io.aigateway.schemas.event.JobEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The events this instance saw lately, per job, so that a subscriber who arrives right after the 202 finds what the
 * result store has not folded yet. A job's events are kept until {@code ttl} after its latest one. Bounded in jobs (the
 * least recently active goes first) and in events per job (the lowest sequence numbers go first).
 */
final class RecentEvents {

    private static final class Job {
        final TreeMap<Long, JobEvent> events = new TreeMap<>();
        Instant lastEventAt;
    }

    private final Duration ttl;
    private final int maxJobs;
    private final int maxEventsPerJob;
    /** In order of last activity: the head is the job idle longest. */
    private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>();

    RecentEvents(Duration ttl, int maxJobs, int maxEventsPerJob) {
        this.ttl = ttl;
        this.maxJobs = maxJobs;
        this.maxEventsPerJob = maxEventsPerJob;
    }

    synchronized void add(JobEvent event, Instant now) {
        Job job = jobs.remove(event.jobId());
        if (job == null) {
            job = new Job();
        }
        jobs.put(event.jobId(), job);
        job.events.putIfAbsent(event.seq(), event);
        job.lastEventAt = now;
        while (job.events.size() > maxEventsPerJob) {
            job.events.pollFirstEntry();
        }
        while (jobs.size() > maxJobs) {
            Iterator<String> eldest = jobs.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** The job's kept events, in rising order without repeats. */
    synchronized List<JobEvent> of(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? List.of() : new ArrayList<>(job.events.values());
    }

    synchronized void expire(Instant now) {
        Instant cutoff = now.minus(ttl);
        Iterator<Map.Entry<String, Job>> it = jobs.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getValue().lastEventAt.isBefore(cutoff)) {
                return;
            }
            it.remove();
        }
    }

    synchronized int jobs() {
        return jobs.size();
    }
}
