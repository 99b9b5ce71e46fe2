package io.aigateway.ingress.results;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobListings;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

/**
 * {@link JobQueries} over the result store's internal HTTP API, for an ingress running apart from the result store:
 * {@code GET {base}/internal/jobs/{id}} (the state, or 404) and {@code GET {base}/internal/jobs/{id}/events?after=N}
 * (a JSON array of events) and {@code GET {base}/internal/jobs?tenant=...} (a page of a tenant's jobs, gathered by the
 * store from all its instances).
 */
public final class HttpJobQueries implements JobQueries, JobListings {

    private static final ObjectReader STATE = ResultStoreClient.reader(JobState.class);
    private static final ObjectReader PAGE = ResultStoreClient.reader(JobPage.class);
    private static final ObjectReader EVENTS = Json.mapper().readerFor(new TypeReference<List<JobEvent>>() {});

    private final ResultStoreClient store;

    public HttpJobQueries(URI baseUrl, Duration timeout) {
        this.store = new ResultStoreClient(baseUrl, timeout);
    }

    @Override
    public Optional<JobState> job(String jobId) {
        return store.get(STATE, "job state", "/internal/jobs/{id}", jobId);
    }

    @Override
    public JobPage jobs(String tenantId, JobStatus status, String before, int limit) {
        return store.<JobPage>get(
                        PAGE,
                        "page of jobs",
                        "/internal/jobs?tenant={tenant}&status={status}&before={before}&limit={limit}",
                        tenantId,
                        status == null ? "" : status.name(),
                        before == null ? "" : before,
                        limit)
                .orElse(new JobPage(List.of(), null));
    }

    @Override
    public List<JobEvent> events(String jobId, long afterSeq) {
        return store.<List<JobEvent>>get(
                        EVENTS, "list of events", "/internal/jobs/{id}/events?after={after}", jobId, afterSeq)
                .orElse(List.of());
    }
}
