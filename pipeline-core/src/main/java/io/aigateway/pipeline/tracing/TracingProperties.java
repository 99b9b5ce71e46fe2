package io.aigateway.pipeline.tracing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Span export ({@code gateway.tracing.*}). Without an endpoint nothing is exported and tracing costs nothing beyond the
 * {@code traceparent} header every record carries anyway.
 *
 * @param otlpEndpoint where spans go over OTLP/HTTP, e.g. {@code http://localhost:4318/v1/traces} (the Container Apps
 *     OpenTelemetry agent, an OpenTelemetry Collector, Jaeger, Tempo); null for no export
 * @param headers extra headers of the export requests (an API key of a hosted backend)
 * @param exportTimeout how long one export request may take
 */
@ConfigurationProperties("gateway.tracing")
public record TracingProperties(
        URI otlpEndpoint,
        Map<String, String> headers,
        @DefaultValue("10s") Duration exportTimeout) {

    public TracingProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
