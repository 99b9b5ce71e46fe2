package io.aigateway.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTest {

    @Test
    void parsesAValidHeaderAndKeepsTheTraceAcrossHops() {
        String header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TraceParent parent = TraceParent.parseOrNew(header);

        assertThat(parent.toString()).isEqualTo(header);
        TraceParent child = parent.child();
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16);
    }

    @Test
    void startsANewTraceForMalformedOrAllZeroHeaders() {
        assertThat(TraceParent.parseOrNew("garbage").traceId()).hasSize(32);
        TraceParent zero = TraceParent.parseOrNew("00-00000000000000000000000000000000-00f067aa0ba902b7-01");
        assertThat(zero.traceId()).isNotEqualTo("0".repeat(32));
        assertThat(TraceParent.parseOrNew(null).toString()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }
}
