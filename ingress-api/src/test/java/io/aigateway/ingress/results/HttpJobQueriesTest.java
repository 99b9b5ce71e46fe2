package io.aigateway.ingress.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.ingress.testing.TestJobs;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** The HTTP client of the result store's internal API against a small HTTP server playing the store. */
class HttpJobQueriesTest {

    private final TestJobs job = TestJobs.of("job_http");
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> queries = new ConcurrentHashMap<>();
    private HttpServer server;
    private HttpJobQueries client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/jobs/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            queries.put(path, String.valueOf(exchange.getRequestURI().getQuery()));
            byte[] body = bodies.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(path.contains("broken") ? 503 : 404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        client = new HttpJobQueries(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheStateAndTheEventsAsTheStoreWritesThem() {
        bodies.put("/internal/jobs/job_http", Json.mapper().writeValueAsBytes(job.state(JobStatus.RUNNING, 2)));
        List<JobEvent> events = List.of(job.started(1), job.delta(2, "héllo"));
        bodies.put(
                "/internal/jobs/job_http/events",
                Json.mapper().writerFor(new TypeReference<List<JobEvent>>() {}).writeValueAsBytes(events));

        assertThat(client.job("job_http")).contains(job.state(JobStatus.RUNNING, 2));
        List<JobEvent> read = client.events("job_http", 0);
        assertThat(read).containsExactlyElementsOf(events);
        assertThat(((StepDelta) read.get(1)).text()).isEqualTo("héllo");
        assertThat(queries.get("/internal/jobs/job_http/events")).isEqualTo("after=0");
    }

    @Test
    void anUnknownJobIsEmptyAndAFailingStoreIsUnavailable() {
        assertThat(client.job("job_unknown")).isEmpty();
        assertThat(client.events("job_unknown", -1)).isEmpty();
        assertThatThrownBy(() -> client.job("job_broken")).isInstanceOf(ResultStoreUnavailableException.class);
        bodies.put("/internal/jobs/job_garbled", "{not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.job("job_garbled")).isInstanceOf(ResultStoreUnavailableException.class);
    }

    @Test
    void aStoreThatIsNotThereIsUnavailable() {
        server.stop(0);
        assertThatThrownBy(() -> client.events("job_http", -1)).isInstanceOf(ResultStoreUnavailableException.class);
    }
}
