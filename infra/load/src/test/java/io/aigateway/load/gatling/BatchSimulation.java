package io.aigateway.load.gatling;

import static io.aigateway.load.gatling.GatewaySimulations.openLoad;
import static io.aigateway.load.gatling.GatewaySimulations.protocol;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ByteArrayBodyPart;
import static io.gatling.javaapi.http.HttpDsl.StringBodyPart;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.aigateway.load.http.Traffic;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Batch traffic: {@code POST /v1/batches}, a multipart upload of {@code -Dbatch.items} recordings (default 10; the
 * WAV of {@code -Dgateway.audio}, else 2 s of a generated tone), at a fixed arrival rate of batches; each batch
 * followed by {@code GET /v1/batches/{id}} until it completed with no failed item (group {@code batch}).
 *
 * <pre>
 * ./mvnw -q -pl infra/load test-compile exec:exec@gatling -Dgatling.simulation=io.aigateway.load.gatling.BatchSimulation \
 *     -Dgatling.rate=0.2 -Dgatling.batchItems=10 -Dgatling.duration=60
 * </pre>
 */
public class BatchSimulation extends Simulation {

    private static final byte[] AUDIO = System.getProperty("gateway.audio", "").isBlank()
            ? Traffic.tone(2)
            : Traffic.read(Path.of(System.getProperty("gateway.audio")));
    private static final int ITEMS = Integer.getInteger("batch.items", 10);

    private static HttpRequestActionBuilder submit() {
        HttpRequestActionBuilder post = http("submit batch")
                .post("/v1/batches")
                .asMultipartForm()
                .bodyPart(StringBodyPart("language", "en-US"));
        for (int i = 0; i < ITEMS; i++) {
            post = post.bodyPart(ByteArrayBodyPart("file", AUDIO)
                    .fileName("call-" + i + ".wav")
                    .contentType("audio/wav"));
        }
        return post.check(status().is(202), jmesPath("batchId").saveAs("batchId"));
    }

    private final ScenarioBuilder batch = scenario("batch")
            .group("batch")
            .on(exec(submit())
                    .exec(session -> session.set("status", "queued"))
                    .asLongAsDuring(session -> !"completed".equals(session.getString("status")), Duration.ofMinutes(5))
                    .on(exec(http("batch progress")
                                    .get("/v1/batches/#{batchId}")
                                    .check(status().is(200), jmesPath("status").saveAs("status")))
                            .pause(Duration.ofMillis(500)))
                    .exec(http("batch completed")
                            .get("/v1/batches/#{batchId}")
                            .check(
                                    status().is(200),
                                    jmesPath("status").is("completed"),
                                    jmesPath("counts.failed || `0`").ofInt().is(0))));

    {
        setUp(batch.injectOpen(openLoad()))
                .protocols(protocol())
                .assertions(global().failedRequests().percent().lt(1.0));
    }
}
