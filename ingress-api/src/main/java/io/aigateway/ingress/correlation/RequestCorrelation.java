package io.aigateway.ingress.correlation;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation of one HTTP request: the client's {@code X-Correlation-Id} when it is valid, else an id the ingress
 * made (for a job submission: the job id), and the W3C trace context from {@code traceparent} (a new trace when the
 * client sent none or a malformed one). {@link CorrelationFilter} puts it on the request; handlers read it with {@link
 * #of(HttpServletRequest)}.
 *
 * @param fromClient whether the id is the client's own, which a job submission then keeps instead of the job id
 */
public record RequestCorrelation(String correlationId, boolean fromClient, TraceParent trace) {

    public static final String HEADER = "X-Correlation-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";

    private static final String ATTRIBUTE = RequestCorrelation.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** Whether a client's correlation id may be used as it is: 1 to 128 of {@code A-Z a-z 0-9 . _ : -}. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** What the request carries, before the ingress has chosen an id for a client that sent none. */
    static RequestCorrelation read(HttpServletRequest request) {
        String client = request.getHeader(HEADER);
        TraceParent trace = TraceParent.parseOrNew(request.getHeader(TRACEPARENT_HEADER));
        return isValid(client)
                ? new RequestCorrelation(client, true, trace)
                : new RequestCorrelation(Ids.random("req_"), false, trace);
    }

    /** The request's correlation; read from the headers if the filter did not run (for example in a unit test). */
    public static RequestCorrelation of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof RequestCorrelation c) {
            return c;
        }
        RequestCorrelation c = read(request);
        request.setAttribute(ATTRIBUTE, c);
        return c;
    }

    /**
     * For a job submission: the correlation id becomes the job id unless the client sent its own; the response header
     * and the MDC follow. Call it on the request thread, before the response is committed.
     */
    public static RequestCorrelation forJob(HttpServletRequest request, HttpServletResponse response, String jobId) {
        RequestCorrelation current = of(request);
        RequestCorrelation chosen = current.fromClient ? current : new RequestCorrelation(jobId, false, current.trace);
        chosen.applyTo(request, response);
        MDC.put(Correlation.MDC_JOB_ID, jobId);
        return chosen;
    }

    /**
     * The Kafka-side correlation of a job: this id and the caller's trace context. The ingress's own span (the job's
     * acceptance, {@code JobSubmissions}) is started under it and becomes the parent of the first step.
     */
    public Correlation toKafka(String jobId, String tenantId) {
        return new Correlation(correlationId, jobId, tenantId, trace);
    }

    void applyTo(HttpServletRequest request, HttpServletResponse response) {
        request.setAttribute(ATTRIBUTE, this);
        response.setHeader(HEADER, correlationId);
        MDC.put(Correlation.MDC_CORRELATION_ID, correlationId);
        MDC.put(Correlation.MDC_TRACE_ID, trace.traceId());
    }
}
