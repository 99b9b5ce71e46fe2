package io.aigateway.pipeline.correlation;

import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.topic.Headers;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/**
 * Who a piece of work belongs to: the correlation id, job, tenant and trace. It travels in Kafka headers and sits in
 * the logging MDC while the work runs, so every log line names it.
 */
public record Correlation(String correlationId, String jobId, String tenantId, TraceParent trace) {

    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_JOB_ID = "jobId";
    public static final String MDC_TENANT_ID = "tenantId";
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_STEP = "step";

    public static Correlation of(JobEnvelope envelope, TraceParent trace) {
        return new Correlation(envelope.correlationId(), envelope.jobId(), envelope.tenantId(), trace);
    }

    /** Reads the correlation headers of a record; missing ones stay null, a missing trace starts a new one. */
    public static Correlation readFrom(org.apache.kafka.common.header.Headers headers) {
        return new Correlation(
                header(headers, Headers.CORRELATION_ID),
                header(headers, Headers.JOB_ID),
                header(headers, Headers.TENANT_ID),
                TraceParent.parseOrNew(header(headers, Headers.TRACEPARENT)));
    }

    public void writeTo(org.apache.kafka.common.header.Headers headers) {
        put(headers, Headers.CORRELATION_ID, correlationId);
        put(headers, Headers.JOB_ID, jobId);
        put(headers, Headers.TENANT_ID, tenantId);
        if (trace != null) {
            put(headers, Headers.TRACEPARENT, trace.toString());
        }
    }

    /** This correlation under another trace context: the span of the work that sends the next hop. */
    public Correlation withTrace(TraceParent next) {
        return new Correlation(correlationId, jobId, tenantId, next);
    }

    /** This correlation with the trace moved to a new span, for the next hop. */
    public Correlation nextHop() {
        return new Correlation(correlationId, jobId, tenantId, trace == null ? TraceParent.newTrace() : trace.child());
    }

    /** Puts this correlation into the MDC until the returned scope closes, restoring what was there before. */
    public Scope open(String step) {
        var previous = MDC.getCopyOfContextMap();
        putMdc(MDC_CORRELATION_ID, correlationId);
        putMdc(MDC_JOB_ID, jobId);
        putMdc(MDC_TENANT_ID, tenantId);
        putMdc(MDC_TRACE_ID, trace == null ? null : trace.traceId());
        putMdc(MDC_STEP, step);
        return () -> {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        };
    }

    /** Closes without exceptions, so it fits try-with-resources. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static void putMdc(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void put(org.apache.kafka.common.header.Headers headers, String name, String value) {
        if (value != null) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String header(org.apache.kafka.common.header.Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
