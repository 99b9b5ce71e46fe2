package io.aigateway.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the gateway's simulations share: where the gateway is and the load's shape, from system properties
 * ({@code -Dgateway.url}, {@code -Dgateway.apiKey}, {@code -Drate}, {@code -Dduration}, {@code -Dramp}), and the
 * wait for a job's end by polling {@code GET /v1/jobs/{id}} as a plain HTTP client would.
 */
final class GatewaySimulations {

    static final String URL = System.getProperty("gateway.url", "http://localhost:8080");
    static final String API_KEY = System.getProperty("gateway.apiKey", System.getenv("GATEWAY_API_KEY"));
    static final double RATE = Double.parseDouble(System.getProperty("rate", "10"));
    static final int DURATION = Integer.getInteger("duration", 30);
    static final int RAMP = Integer.getInteger("ramp", 5);
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    private GatewaySimulations() {}

    static HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol =
                http.baseUrl(URL).acceptHeader("application/json").shareConnections();
        return API_KEY == null || API_KEY.isBlank() ? protocol : protocol.authorizationHeader("Bearer " + API_KEY);
    }

    /** Open model: ramp up to the rate, then hold it. */
    static List<OpenInjectionStep> openLoad() {
        return List.of(
                rampUsersPerSec(1).to(RATE).during(Duration.ofSeconds(RAMP)),
                constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION)));
    }

    /**
     * Polls the job saved as {@code jobId} every 100 ms until it ends (at most {@code seconds}), then checks that it
     * completed. The polls are one request name, so the report shows the job's whole time in its group.
     */
    static ChainBuilder awaitCompletion(int seconds) {
        return exec(session -> session.set("status", "queued"))
                .asLongAsDuring(session -> !ENDED.contains(session.getString("status")), Duration.ofSeconds(seconds))
                .on(exec(http("job state")
                                .get("/v1/jobs/#{jobId}")
                                .check(status().is(200), jmesPath("status").saveAs("status")))
                        .pause(Duration.ofMillis(100)))
                .exec(http("job completed")
                        .get("/v1/jobs/#{jobId}")
                        .check(status().is(200), jmesPath("status").is("completed")));
    }
}
