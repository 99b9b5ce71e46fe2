package io.aigateway.pipeline.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probes every service answers on its main port, beside the actuator's: {@code /health} is liveness (fast, asks
 * nothing outside the process), {@code /ready} asks every {@link ReadinessCheck} (the broker, the step runtimes, the
 * result store, ...) and answers 503 while any is not ready, {@code /metrics} is the Prometheus exposition.
 */
@RestController
public class ProbesController {

    /** Prometheus' text format, the one every scraper reads. */
    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final List<ReadinessCheck> checks;
    private final ApplicationAvailability availability;
    private final ObjectProvider<PrometheusMeterRegistry> prometheus;

    public ProbesController(
            List<ReadinessCheck> checks,
            ApplicationAvailability availability,
            ObjectProvider<PrometheusMeterRegistry> prometheus) {
        this.checks = List.copyOf(checks);
        this.availability = availability;
        this.prometheus = prometheus;
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }

    @GetMapping(path = "/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> ready() {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ready = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        results.put(
                "application",
                Map.of(
                        "ready",
                        ready,
                        "detail",
                        availability.getReadinessState().name()));
        for (ReadinessCheck check : checks) {
            ReadinessCheck.Status status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = ReadinessCheck.Status.notReady("check failed: " + e.getMessage());
            }
            ready &= status.ready();
            results.put(check.name(), Map.of("ready", status.ready(), "detail", status.detail()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("checks", results);
        return ResponseEntity.status(ready ? 200 : 503).body(body);
    }

    @GetMapping(path = "/metrics")
    public ResponseEntity<String> metrics() {
        PrometheusMeterRegistry registry = prometheus.getIfAvailable();
        if (registry == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }
}
