package io.aigateway.ingress.results;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

/**
 * {@link JobQueries} over the result store's internal HTTP API, for an ingress running apart from the result store:
 * {@code GET {base}/internal/jobs/{id}} (the state, or 404) and {@code GET {base}/internal/jobs/{id}/events?after=N}
 * (a JSON array of events). Bodies are read by the message mapper, as the store writes them. Timeouts are short: a
 * client waits on this call. Anything but a 2xx or a 404 raises {@link ResultStoreUnavailableException}.
 */
public final class HttpJobQueries implements JobQueries {

    private static final ObjectReader EVENTS = Json.mapper().readerFor(new TypeReference<List<JobEvent>>() {});

    private final RestClient http;
    private final String base;

    public HttpJobQueries(URI baseUrl, Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(requests).build();
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Optional<JobState> job(String jobId) {
        byte[] body = get(base + "/internal/jobs/{id}", jobId);
        if (body == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(body, JobState.class));
        } catch (JacksonException e) {
            throw new ResultStoreUnavailableException("the result store sent an unreadable job state", e);
        }
    }

    @Override
    public List<JobEvent> events(String jobId, long afterSeq) {
        byte[] body = get(base + "/internal/jobs/{id}/events?after={after}", jobId, afterSeq);
        if (body == null) {
            return List.of();
        }
        try {
            return EVENTS.readValue(body);
        } catch (JacksonException e) {
            throw new ResultStoreUnavailableException("the result store sent unreadable events", e);
        }
    }

    /** The body of a 2xx answer, null for a 404. */
    private byte[] get(String uri, Object... variables) {
        try {
            return http.get().uri(uri, variables).exchange((request, response) -> {
                int status = response.getStatusCode().value();
                if (status == 404) {
                    return null;
                }
                if (response.getStatusCode().is2xxSuccessful()) {
                    return response.getBody().readAllBytes();
                }
                throw new ResultStoreUnavailableException("the result store answered " + status, null);
            });
        } catch (RestClientException e) {
            throw new ResultStoreUnavailableException("the result store at " + base + " did not answer", e);
        }
    }
}
