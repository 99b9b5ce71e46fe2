package io.aigateway.ingress.batches;

import io.aigateway.ingress.jobs.BodyLimitFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives {@code POST /v1/batches} (many recordings in one multipart body) its own body limit; the body limit filter then
 * applies it. The servlet container's multipart limits still apply to the upload as a whole.
 */
public class BatchBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    public BatchBodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if ("/v1/batches".equals(path)) {
            request.setAttribute(BodyLimitFilter.LIMIT_ATTRIBUTE, maxBytes);
        }
        chain.doFilter(request, response);
    }
}
