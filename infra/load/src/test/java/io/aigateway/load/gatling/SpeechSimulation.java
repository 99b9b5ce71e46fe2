package io.aigateway.load.gatling;

import static io.aigateway.load.gatling.GatewaySimulations.awaitCompletion;
import static io.aigateway.load.gatling.GatewaySimulations.openLoad;
import static io.aigateway.load.gatling.GatewaySimulations.protocol;
import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.aigateway.load.http.Traffic;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;

/**
 * Speech traffic: {@code POST /v1/speech/transcriptions} with a WAV body ({@code -Dgateway.audio=file.wav}, else 2 s
 * of a generated tone) at a fixed arrival rate, each job followed to its end (group {@code transcription job}).
 *
 * <pre>
 * ./mvnw -q -pl infra/load test-compile exec:exec@gatling -Dgatling.simulation=io.aigateway.load.gatling.SpeechSimulation \
 *     -Dgatling.rate=2 -Dgatling.duration=30
 * </pre>
 */
public class SpeechSimulation extends Simulation {

    private static final byte[] AUDIO = System.getProperty("gateway.audio", "").isBlank()
            ? Traffic.tone(2)
            : Traffic.read(Path.of(System.getProperty("gateway.audio")));

    private final ScenarioBuilder speech = scenario("speech")
            .group("transcription job")
            .on(exec(http("submit transcription")
                            .post("/v1/speech/transcriptions?language=en-US")
                            .header("Content-Type", "audio/wav")
                            .body(ByteArrayBody(AUDIO))
                            .check(status().is(202), jmesPath("jobId").saveAs("jobId")))
                    .exec(awaitCompletion(60)));

    {
        setUp(speech.injectOpen(openLoad()))
                .protocols(protocol())
                .assertions(global().failedRequests().percent().lt(1.0));
    }
}
