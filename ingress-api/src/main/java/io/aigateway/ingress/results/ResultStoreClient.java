package io.aigateway.ingress.results;

import io.aigateway.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

/**
 * The one HTTP client of the result store's internal API, for an ingress running apart from the store. Bodies are read
 * by the message mapper, as the store writes them. Timeouts are short: a client waits on every call. A 404 is an
 * unknown id; anything else but a 2xx, no answer or an unreadable body raises {@link ResultStoreUnavailableException}.
 */
public final class ResultStoreClient {

    private final RestClient http;
    private final String base;

    public ResultStoreClient(URI baseUrl, Duration timeout) {
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

    /**
     * The body of {@code GET {base}{path}} read as {@code reader} reads it, or empty for a 404.
     *
     * @param what what the body is, for the error when it cannot be read ("a job state")
     */
    public <T> Optional<T> get(ObjectReader reader, String what, String path, Object... variables) {
        byte[] body = body(path, variables);
        if (body == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.readValue(body));
        } catch (JacksonException e) {
            throw new ResultStoreUnavailableException("the result store sent an unreadable " + what, e);
        }
    }

    /** A reader of the message mapper for one type. */
    public static ObjectReader reader(Class<?> type) {
        return Json.mapper().readerFor(type);
    }

    private byte[] body(String path, Object... variables) {
        try {
            return http.get().uri(base + path, variables).exchange((request, response) -> {
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
