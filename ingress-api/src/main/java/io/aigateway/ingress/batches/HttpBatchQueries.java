package io.aigateway.ingress.batches;

import io.aigateway.ingress.results.ResultStoreUnavailableException;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
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

/**
 * {@link BatchQueries} over the result store's internal HTTP API, for an ingress running apart from it: {@code GET
 * {base}/internal/batches/{id}} (the state, or 404) and {@code GET {base}/internal/batches/{id}/items}.
 */
public final class HttpBatchQueries implements BatchQueries {

    private final RestClient http;
    private final String base;

    public HttpBatchQueries(URI baseUrl, Duration timeout) {
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
    public Optional<BatchState> batch(String batchId) {
        byte[] body = get(base + "/internal/batches/{id}", batchId);
        try {
            return body == null ? Optional.empty() : Optional.of(Json.mapper().readValue(body, BatchState.class));
        } catch (JacksonException e) {
            throw new ResultStoreUnavailableException("the result store sent an unreadable batch", e);
        }
    }

    @Override
    public List<BatchItemState> items(String batchId) {
        byte[] body = get(base + "/internal/batches/{id}/items", batchId);
        try {
            return body == null
                    ? List.of()
                    : Json.mapper().readValue(body, new TypeReference<List<BatchItemState>>() {});
        } catch (JacksonException e) {
            throw new ResultStoreUnavailableException("the result store sent unreadable batch items", e);
        }
    }

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
