package io.aigateway.load.gatling;

import static io.aigateway.load.gatling.GatewaySimulations.awaitCompletion;
import static io.aigateway.load.gatling.GatewaySimulations.openLoad;
import static io.aigateway.load.gatling.GatewaySimulations.protocol;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chat traffic: {@code POST /v1/chat} (retrieval, then the LLM) at a fixed arrival rate, each job followed to its
 * end. The report's group {@code chat job} is submit to completed as a client sees it.
 *
 * <pre>
 * ./mvnw -q -pl infra/load test-compile exec:exec@gatling -Dgatling.simulation=io.aigateway.load.gatling.ChatSimulation \
 *     -Dgatling.rate=20 -Dgatling.duration=30
 * </pre>
 */
public class ChatSimulation extends Simulation {

    private static final List<String> QUESTIONS = List.of(
            "How do I reset my password?",
            "My VPN keeps disconnecting every few minutes",
            "How do I request access to a shared folder?",
            "The printer on floor 3 shows a paper jam",
            "How do I set up multi-factor authentication on a new phone?");

    private final ScenarioBuilder chat = scenario("chat")
            .exec(session -> session.set(
                    "question", QUESTIONS.get(ThreadLocalRandom.current().nextInt(QUESTIONS.size()))))
            .group("chat job")
            .on(exec(http("submit chat")
                            .post("/v1/chat")
                            .header("Content-Type", "application/json")
                            .body(StringBody("{\"message\":\"#{question}\"}"))
                            .check(status().is(202), jmesPath("jobId").saveAs("jobId")))
                    .exec(awaitCompletion(30)));

    {
        setUp(chat.injectOpen(openLoad()))
                .protocols(protocol())
                .assertions(global().failedRequests().percent().lt(1.0));
    }
}
