package io.aigateway.pipeline.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.correlation.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayTracingTest {

    private static final TraceParent CLIENT =
            TraceParent.parseOrNew("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();

    @Test
    void eachPieceOfWorkIsASpanUnderTheOneBeforeIt() {
        List<SpanData> spans;
        // read before the tracing closes: closing shuts the exporter down, and the in-memory one forgets its spans
        try (GatewayTracing tracing = GatewayTracing.create("test", properties(), List.of(exported))) {
            JobSpan accept =
                    tracing.start("accept job", SpanKind.SERVER, CLIENT).attribute("gateway.job.id", "job-1");
            accept.end();
            JobSpan step = tracing.start("step llm", SpanKind.CONSUMER, accept.traceParent());
            try (var current = step.makeCurrent()) {
                // a provider SDK sees the step's span as the current one
                assertThat(Span.current().getSpanContext().getSpanId())
                        .isEqualTo(step.traceParent().spanId());
            }
            step.fail("provider_timeout", "no answer in 30 s");
            tracing.flush();
            spans = exported.getFinishedSpanItems();
        }
        assertThat(spans).extracting(SpanData::getName).containsExactly("accept job", "step llm");
        SpanData accept = spans.get(0);
        SpanData step = spans.get(1);
        assertThat(accept.getTraceId()).isEqualTo(CLIENT.traceId());
        assertThat(accept.getParentSpanId()).isEqualTo(CLIENT.spanId());
        assertThat(accept.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(step.getTraceId()).isEqualTo(CLIENT.traceId());
        assertThat(step.getParentSpanId()).isEqualTo(accept.getSpanId());
        assertThat(step.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(step.getAttributes().asMap().toString()).contains("provider_timeout");
        assertThat(accept.getResource().getAttributes().asMap().toString()).contains("test");
    }

    @Test
    void aCallerThatDoesNotSampleGetsNoSpansButKeepsItsTrace() {
        TraceParent unsampled = new TraceParent(CLIENT.traceId(), CLIENT.spanId(), "00");
        try (GatewayTracing tracing = GatewayTracing.create("test", properties(), List.of(exported))) {
            JobSpan span = tracing.start("accept job", SpanKind.SERVER, unsampled);
            span.end();
            tracing.flush();
            assertThat(span.traceParent().traceId()).isEqualTo(CLIENT.traceId());
            assertThat(span.traceParent().flags()).isEqualTo("00");
            assertThat(exported.getFinishedSpanItems()).isEmpty();
        }
    }

    @Test
    void withoutExportersEveryHopStillGetsANewSpanIdUnderTheSameTrace() {
        GatewayTracing tracing = GatewayTracing.create("test", properties(), List.of());
        assertThat(tracing.enabled()).isFalse();
        JobSpan span = tracing.start("accept job", SpanKind.SERVER, CLIENT);
        assertThat(span.traceParent().traceId()).isEqualTo(CLIENT.traceId());
        assertThat(span.traceParent().spanId()).isNotEqualTo(CLIENT.spanId());
        span.end();
    }

    @Test
    void readsTheEndpointAnOpenTelemetryAgentInjects() {
        assertThat(GatewayTracing.standardEndpoint(java.util.Map.of())).isNull();
        assertThat(GatewayTracing.standardEndpoint(
                        java.util.Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://agent:4318/")))
                .isEqualTo("http://agent:4318/v1/traces");
        assertThat(GatewayTracing.standardEndpoint(java.util.Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://agent:4318",
                        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://agent:4318/custom")))
                .isEqualTo("http://agent:4318/custom");
        assertThat(GatewayTracing.standardEndpoint(java.util.Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://agent:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isNull();
    }

    private static TracingProperties properties() {
        return new TracingProperties(null, null, java.time.Duration.ofSeconds(1));
    }
}
