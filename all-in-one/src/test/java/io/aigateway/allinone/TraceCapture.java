package io.aigateway.allinone;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Keeps the spans the gateway exports in memory, so the end-to-end tests can read one job's trace. */
@TestConfiguration(proxyBeanMethods = false)
class TraceCapture {

    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
