package io.aigateway.ingress.testing;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.JobListings;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A result store the test fills by hand: it knows exactly the states and events the test gave it. */
public final class FakeResultStore implements JobQueries, JobListings {

    private final Map<String, JobState> states = new ConcurrentHashMap<>();
    private final Map<String, List<JobEvent>> events = new ConcurrentHashMap<>();

    public void put(JobState state, List<JobEvent> history) {
        states.put(state.jobId(), state);
        events.put(state.jobId(), List.copyOf(history));
    }

    @Override
    public Optional<JobState> job(String jobId) {
        return Optional.ofNullable(states.get(jobId));
    }

    /** Every state given, newest first, filtered and paged as the result store does. */
    @Override
    public JobPage jobs(String tenantId, JobStatus status, String before, int limit) {
        List<JobState> all = states.values().stream()
                .filter(s -> tenantId.equals(s.tenantId()) && s.createdAt() != null)
                .filter(s -> status == null || s.status() == status)
                .filter(s -> before == null || JobPage.cursor(s).compareTo(before) < 0)
                .sorted(Comparator.comparing(JobPage::cursor).reversed())
                .toList();
        List<JobState> page = all.stream().limit(limit).toList();
        return new JobPage(page, all.size() > limit ? JobPage.cursor(page.get(page.size() - 1)) : null);
    }

    @Override
    public List<JobEvent> events(String jobId, long afterSeq) {
        return events.getOrDefault(jobId, List.of()).stream()
                .filter(e -> e.seq() > afterSeq)
                .sorted(Comparator.comparingLong(JobEvent::seq))
                .toList();
    }
}
