package io.aigateway.allinone;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.PipelineProperties;
import io.aigateway.pipeline.config.StepRuntimes;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints, once the gateway is ready, what runs where and which provider serves each step. */
@Component
class StartupSummary {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final KafkaSettings kafka;
    private final LocalBrokerProperties broker;
    private final PipelineProperties pipeline;
    private final List<StepHandler> handlers;
    private final StepRuntimes runtimes;

    StartupSummary(
            KafkaSettings kafka,
            LocalBrokerProperties broker,
            PipelineProperties pipeline,
            List<StepHandler> handlers,
            StepRuntimes runtimes) {
        this.kafka = kafka;
        this.broker = broker;
        this.pipeline = pipeline;
        this.handlers = handlers;
        this.runtimes = runtimes;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        StringBuilder out = new StringBuilder("\n\n  Enterprise AI Gateway is ready (all-in-one)\n\n");
        line(out, "API and web client", "http://localhost:" + port + "/");
        line(
                out,
                "Kafka",
                kafka.bootstrapServers()
                        + (broker.enabled()
                                ? "  (in-process KRaft broker, data in "
                                        + broker.dataDir().toAbsolutePath().normalize() + ")"
                                : "  (external)"));
        line(
                out,
                "Result store",
                "in-process Kafka Streams, queried at http://localhost:" + port + "/internal/jobs/{id}");
        line(out, "Blob store", pipeline.blobRoot().toAbsolutePath().normalize().toString());
        for (StepHandler handler : handlers) {
            boolean running = runtimes.forStep(handler.step()).isPresent();
            line(
                    out,
                    "Step " + handler.step().id(),
                    (running ? "provider " + providerOf(handler) : "disabled") + "  (reads gw.step."
                            + handler.step().id() + ")");
        }
        out.append("\n  Try: curl -s -X POST localhost:")
                .append(port)
                .append(
                        "/v1/chat -H 'Content-Type: application/json' -d '{\"message\":\"How do I reset my password?\"}'\n");
        log.info(out.toString());
    }

    private static String providerOf(StepHandler handler) {
        Instant now = Instant.now();
        JobEnvelope sample = JobEnvelope.create(
                "summary",
                "summary",
                "default",
                null,
                now,
                now,
                List.of(handler.step()),
                JobInput.ofText(""),
                JobOptions.defaults());
        return handler.providerFor(sample);
    }

    private static void line(StringBuilder out, String what, String where) {
        out.append(String.format("  %-20s %s%n", what, where));
    }
}
