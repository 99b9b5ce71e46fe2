package io.aigateway.pipeline.tracing;

import io.aigateway.pipeline.correlation.TraceParent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * A span of a job's work (its acceptance, one step). {@link #traceParent()} is what goes on to the next hop, so the
 * next step's span is this one's child and one job is one trace across services.
 */
public final class JobSpan {

    private final Span span;
    private final TraceParent next;

    JobSpan(Span span, TraceParent next) {
        this.span = span;
        this.next = next;
    }

    /** The trace context for records this work sends on: this span as their parent. */
    public TraceParent traceParent() {
        return next;
    }

    /** Makes the span current on this thread, so that provider SDKs and HTTP clients see it, until the scope closes. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    public JobSpan attribute(String key, String value) {
        if (value != null) {
            span.setAttribute(AttributeKey.stringKey(key), value);
        }
        return this;
    }

    /** Ends the span as failed with the gateway's error code. */
    public void fail(String code, String message) {
        span.setAttribute(AttributeKey.stringKey("gateway.error.code"), code);
        span.setStatus(StatusCode.ERROR, message == null ? code : message);
        span.end();
    }

    public void end() {
        span.end();
    }
}
