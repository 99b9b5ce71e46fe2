package io.aigateway.pipeline.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import io.aigateway.pipeline.correlation.TraceParent;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TraceparentPolicyTest {

    private final List<HttpRequest> sent = new ArrayList<>();
    private final HttpClient capture = request -> {
        sent.add(request);
        return Mono.just(new EmptyResponse(request));
    };
    private final HttpPipeline pipeline = new HttpPipelineBuilder()
            .httpClient(capture)
            .policies(new TraceparentPolicy())
            .build();

    @Test
    void aProviderCallMadeWhileAStepRunsCarriesTheStepsSpan() {
        try (GatewayTracing tracing = GatewayTracing.create(
                "test", new TracingProperties(null, null, null), List.of(InMemorySpanExporter.create()))) {
            JobSpan step = tracing.start(
                    "step llm",
                    SpanKind.CONSUMER,
                    TraceParent.parseOrNew("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            try (var current = step.makeCurrent()) {
                pipeline.sendSync(
                                new HttpRequest(HttpMethod.POST, "https://provider.example/chat"),
                                com.azure.core.util.Context.NONE)
                        .close();
            }
            step.end();
            assertThat(sent.get(0).getHeaders().getValue(com.azure.core.http.HttpHeaderName.fromString("traceparent")))
                    .isEqualTo(step.traceParent().toString());
        }
    }

    @Test
    void outsideASpanNothingIsAdded() {
        pipeline.sendSync(
                        new HttpRequest(HttpMethod.GET, "https://provider.example/"), com.azure.core.util.Context.NONE)
                .close();
        assertThat(sent.get(0).getHeaders().getValue(com.azure.core.http.HttpHeaderName.fromString("traceparent")))
                .isNull();
    }

    /** A 200 without a body, for requests whose answer does not matter here. */
    private static final class EmptyResponse extends com.azure.core.http.HttpResponse {
        EmptyResponse(HttpRequest request) {
            super(request);
        }

        @Override
        public int getStatusCode() {
            return 200;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return null;
        }

        @Override
        public com.azure.core.http.HttpHeaders getHeaders() {
            return new com.azure.core.http.HttpHeaders();
        }

        @Override
        public reactor.core.publisher.Flux<java.nio.ByteBuffer> getBody() {
            return reactor.core.publisher.Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(java.nio.charset.Charset charset) {
            return Mono.just("");
        }
    }
}
