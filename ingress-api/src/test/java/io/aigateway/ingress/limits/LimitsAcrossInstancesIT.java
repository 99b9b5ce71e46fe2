package io.aigateway.ingress.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.ingress.IngressApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two ingress instances on one broker share a tenant's limit of jobs per minute: requests spread over both are admitted
 * up to the limit plus the tolerance {@link TenantUsage} states (what the other instance admits while its accepted
 * events are on their way, a few milliseconds here), and the rest get 429 with Retry-After.
 */
class LimitsAcrossInstancesIT {

    private static final int LIMIT = 20;
    private static final int TOLERANCE = 3;
    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        for (int i = 0; i < 2; i++) {
            // command-line arguments: they win over the service's own configuration file, as they would in a deployment
            instances.add(new SpringApplicationBuilder(IngressApplication.class)
                    .properties("spring.config.name=ingress-api")
                    .run(
                            "--server.port=0",
                            "--gateway.kafka.bootstrap-servers=" + System.getProperty("spring.embedded.kafka.brokers"),
                            "--gateway.kafka.partitions=3",
                            "--gateway.kafka.client-id-prefix=limits-" + i,
                            "--gateway.ingress.auth.mode=none",
                            "--gateway.ingress.tenant=limited",
                            "--gateway.ingress.limits.defaults.requests-per-minute=" + LIMIT));
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aTenantsJobsPerMinuteHoldAcrossTwoInstances() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> ports = instances.stream()
                .map(c -> ((WebServerApplicationContext) c).getWebServer().getPort())
                .toList();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 3 * LIMIT; i++) {
            int port = ports.get(i % 2);
            answers.add(clients.submit(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"Is the VPN down?\"}"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString())));
            Thread.sleep(20);
        }
        int accepted = 0;
        int limited = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.body()).contains("\"code\":\"rate_limited\"");
                limited++;
            }
        }
        clients.shutdown();
        System.out.printf(
                "limit %d per minute over two instances: %d admitted, %d refused%n", LIMIT, accepted, limited);
        assertThat(accepted).isBetween(LIMIT, LIMIT + TOLERANCE);
        assertThat(accepted + limited).isEqualTo(3 * LIMIT);
    }
}
