package io.aigateway.ingress.correlation;

import io.aigateway.pipeline.correlation.Correlation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its correlation ({@link RequestCorrelation}): echoed in the {@code X-Correlation-Id} response
 * header of every answer, and in the logging MDC ({@code correlationId}, {@code traceId}) for every log line written
 * while the request runs on its thread. The MDC is restored afterwards, since servlet threads are pooled.
 */
public class CorrelationFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            RequestCorrelation.read(request).applyTo(request, response);
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.remove(Correlation.MDC_CORRELATION_ID);
                MDC.remove(Correlation.MDC_TRACE_ID);
                MDC.remove(Correlation.MDC_JOB_ID);
            } else {
                MDC.setContextMap(previous);
            }
        }
    }
}
