package io.aigateway.pipeline.tracing;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import reactor.core.publisher.Mono;

/**
 * Carries the job's trace onto provider calls made with an Azure SDK client: adds the W3C {@code traceparent} of the
 * current span (the step's span, which {@code StepRuntime} makes current while a provider runs) to each request, so
 * the provider's own logs and traces line up with the job's. Does nothing outside a span.
 */
public final class TraceparentPolicy implements HttpPipelinePolicy {

    static final String HEADER = "traceparent";

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        stamp(context);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        stamp(context);
        return next.processSync();
    }

    private static void stamp(HttpPipelineCallContext context) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            context.getHttpRequest()
                    .setHeader(
                            com.azure.core.http.HttpHeaderName.fromString(HEADER),
                            "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                                    + span.getTraceFlags().asHex());
        }
    }
}
