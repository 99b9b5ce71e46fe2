package io.aigateway.pipeline.correlation;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C trace context ({@code traceparent}: version, trace id, parent span id, flags). Each hop keeps the trace id and
 * takes a new span id, so one job is one trace across services.
 */
public record TraceParent(String traceId, String spanId, String flags) {

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);

    /** Parses a header value; a malformed or all-zero one starts a new trace, as the W3C recommendation says. */
    public static TraceParent parseOrNew(String header) {
        if (header != null) {
            var m = FORMAT.matcher(header.trim());
            if (m.matches() && !m.group(1).equals(INVALID_TRACE) && !m.group(2).equals(INVALID_SPAN)) {
                return new TraceParent(m.group(1), m.group(2), m.group(3));
            }
        }
        return newTrace();
    }

    public static TraceParent newTrace() {
        return new TraceParent(randomHex(16), randomHex(8), "01");
    }

    /** The same trace with a new span: what a service sends on after doing its part. */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zero
        return HexFormat.of().formatHex(b);
    }
}
