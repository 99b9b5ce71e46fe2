package io.aigateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** With no broker to be had, a submission is answered 503 {@code broker_unavailable} with {@code Retry-After}. */
@SpringBootTest(
        classes = IngressApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingress-api",
            "gateway.kafka.bootstrap-servers=localhost:1",
            "gateway.kafka.create-topics=false"
        })
class BrokerAwayIT {

    @LocalServerPort
    int port;

    @Test
    void aSubmissionIsAnswered503WithRetryAfter() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat"))
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", "away-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"anyone there?\"}"))
                .timeout(Duration.ofSeconds(30))
                .build();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("2");
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("X-Correlation-Id")).contains("away-1");
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("broker_unavailable");
        assertThat(problem.get("retryable").asBoolean()).isTrue();
        assertThat(problem.get("correlationId").asString()).isEqualTo("away-1");
    }
}
