package io.aigateway.pipeline.tracing;

import io.aigateway.pipeline.correlation.TraceParent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spans for a job's work, exported over OTLP when configured. The trace context itself is the gateway's own
 * {@link TraceParent}, carried in every record's {@code traceparent} header; this class turns each piece of work into
 * a span under it and hands its id to the next hop. The parent's sampled flag decides (parent-based sampling), so a
 * caller that samples a request gets the whole job. Without exporters it hands out spans that record nothing and keeps
 * the old behaviour: each hop a new span id under the same trace id.
 */
public final class GatewayTracing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayTracing.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private GatewayTracing(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider == null ? null : provider.get("io.aigateway.pipeline");
    }

    /** Records nothing, exports nothing. */
    public static GatewayTracing disabled() {
        return new GatewayTracing(null);
    }

    /** Exports to the OTLP endpoint of {@code properties} (if any) and to {@code exporters}; disabled when neither. */
    public static GatewayTracing create(
            String serviceName, TracingProperties properties, List<SpanExporter> exporters) {
        List<SpanExporter> all = new ArrayList<>(exporters);
        String endpoint = properties.otlpEndpoint() != null
                ? properties.otlpEndpoint().toString()
                : standardEndpoint(System.getenv());
        if (endpoint != null) {
            OtlpHttpSpanExporterBuilder otlp =
                    OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(properties.exportTimeout());
            properties.headers().forEach(otlp::addHeader);
            all.add(otlp.build());
        }
        if (all.isEmpty()) {
            return disabled();
        }
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()));
        for (SpanExporter exporter : all) {
            builder.addSpanProcessor(BatchSpanProcessor.builder(exporter)
                    .setScheduleDelay(Duration.ofMillis(500))
                    .build());
        }
        return new GatewayTracing(builder.build());
    }

    /**
     * The traces endpoint from OpenTelemetry's standard variables, as an OpenTelemetry agent injects them (the
     * Container Apps environment's agent does): {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, else {@code
     * OTEL_EXPORTER_OTLP_ENDPOINT} plus {@code /v1/traces}. Only OTLP over HTTP with protobuf is spoken here; with
     * another protocol nothing is exported and a warning says why.
     */
    static String standardEndpoint(Map<String, String> env) {
        String protocol =
                env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
        String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (traces == null && base == null) {
            return null;
        }
        if (protocol != null && !protocol.equals("http/protobuf")) {
            log.warn(
                    "OTEL_EXPORTER_OTLP_PROTOCOL is {}; the gateway exports spans over http/protobuf only, so none are"
                            + " exported (set gateway.tracing.otlp-endpoint to an OTLP/HTTP endpoint)",
                    protocol);
            return null;
        }
        return traces != null ? traces : base.replaceAll("/+$", "") + "/v1/traces";
    }

    public boolean enabled() {
        return tracer != null;
    }

    /**
     * Starts a span under {@code parent} (the context that came with the request or record).
     *
     * @param kind {@link SpanKind#SERVER} for a request, {@link SpanKind#CONSUMER} for a step
     */
    public JobSpan start(String name, SpanKind kind, TraceParent parent) {
        if (tracer == null) {
            return new JobSpan(Span.getInvalid(), parent.child());
        }
        SpanContext remote = SpanContext.createFromRemoteParent(
                parent.traceId(), parent.spanId(), TraceFlags.fromHex(parent.flags(), 0), TraceState.getDefault());
        Span span = tracer.spanBuilder(name)
                .setSpanKind(kind)
                .setParent(Context.root().with(Span.wrap(remote)))
                .startSpan();
        SpanContext own = span.getSpanContext();
        return new JobSpan(
                span,
                new TraceParent(
                        own.getTraceId(), own.getSpanId(), own.getTraceFlags().asHex()));
    }

    /** Sends what is buffered; for tests and shutdown. */
    public void flush() {
        if (provider != null) {
            provider.forceFlush().join(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
