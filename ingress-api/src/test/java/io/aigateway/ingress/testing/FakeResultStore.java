package io.aigateway.ingress.testing;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A result store the test fills by hand: it knows exactly the states and events the test gave it. */
public final class FakeResultStore implements JobQueries {

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

    @Override
    public List<JobEvent> events(String jobId, long afterSeq) {
        return events.getOrDefault(jobId, List.of()).stream()
                .filter(e -> e.seq() > afterSeq)
                .sorted(Comparator.comparingLong(JobEvent::seq))
                .toList();
    }
}
