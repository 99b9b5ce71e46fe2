package io.aigateway.results.query;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the result-store instance that owns a job over its internal HTTP endpoints. Marks each request as forwarded so
 * the owner answers from its own stores or fails, and never forwards it again (no ping-pong while the instances
 * disagree about ownership during a rebalance).
 */
public final class RemoteJobQueries {

    /** Set on forwarded requests. */
    public static final String FORWARDED_HEADER = "X-Result-Store-Forwarded";

    private final RestClient http;
    private final String scheme;

    /**
     * @param scheme {@code http} or {@code https}: every instance is reached the way this one is advertised
     */
    public RemoteJobQueries(RestClient http, String scheme) {
        this.http = http;
        this.scheme = scheme;
    }

    /** A client with short timeouts: a query's whole budget is about two seconds. */
    public static RemoteJobQueries withDefaults(URI advertisedUrl) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(500))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(Duration.ofSeconds(1));
        return new RemoteJobQueries(
                RestClient.builder().requestFactory(requests).build(), advertisedUrl.getScheme());
    }

    Optional<JobState> job(HostInfo owner, String jobId) {
        byte[] body = get(owner, base(owner) + "/internal/jobs/{id}", jobId, null);
        return body == null ? Optional.empty() : Optional.of(JobJson.readState(body));
    }

    List<JobEvent> events(HostInfo owner, String jobId, long afterSeq) {
        byte[] body = get(owner, base(owner) + "/internal/jobs/{id}/events?after={after}", jobId, afterSeq);
        return body == null ? List.of() : JobJson.readEvents(body);
    }

    Optional<BatchState> batch(HostInfo owner, String batchId) {
        byte[] body = get(owner, base(owner) + "/internal/batches/{id}", batchId, null);
        return body == null ? Optional.empty() : Optional.of(JobJson.readBatch(body));
    }

    List<BatchItemState> items(HostInfo owner, String batchId) {
        byte[] body = get(owner, base(owner) + "/internal/batches/{id}/items", batchId, null);
        return body == null ? List.of() : JobJson.readItems(body);
    }

    /** The page of {@code host}'s own partitions. */
    JobPage jobs(HostInfo host, String tenantId, JobStatus status, String before, int limit) {
        byte[] body = get(
                host,
                base(host) + "/internal/jobs?tenant={tenant}&status={status}&before={before}&limit={limit}",
                tenantId,
                status == null ? "" : status.name(),
                before == null ? "" : before,
                limit);
        return body == null ? new JobPage(List.of(), null) : JobJson.readPage(body);
    }

    /** The body of a 2xx answer; null for a 404; anything else is worth another try. */
    private byte[] get(HostInfo owner, String uri, String jobId, Long after) {
        return get(owner, uri, after == null ? new Object[] {jobId} : new Object[] {jobId, after});
    }

    private byte[] get(HostInfo owner, String uri, Object... variables) {
        try {
            return http.get()
                    .uri(uri, variables)
                    .header(FORWARDED_HEADER, "true")
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == 404) {
                            return null;
                        }
                        if (response.getStatusCode().is2xxSuccessful()) {
                            return response.getBody().readAllBytes();
                        }
                        throw new StoreNotReadyException("result store " + owner + " answered " + status);
                    });
        } catch (RestClientException e) {
            throw new StoreNotReadyException("result store " + owner + " did not answer: " + e.getMessage(), e);
        }
    }

    private String base(HostInfo owner) {
        return scheme + "://" + owner.host() + ":" + owner.port();
    }
}
