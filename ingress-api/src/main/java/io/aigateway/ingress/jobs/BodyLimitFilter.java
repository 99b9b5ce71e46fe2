package io.aigateway.ingress.jobs;

import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.PayloadTooLargeException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.problems.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies ({@code gateway.ingress.max-body-bytes}). A body that announces a larger {@code Content-Length}
 * is refused with 413 {@code payload_too_large} before a byte of it is read; a body without a length (chunked) is read
 * through a counting stream that fails with {@link PayloadTooLargeException} once it passes the limit, which the
 * problem handler answers with the same 413.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    /**
     * A request attribute (a {@code Long}) that an earlier filter sets to give one path another limit: the speech
     * endpoints take audio files far larger than a JSON body.
     */
    public static final String LIMIT_ATTRIBUTE = BodyLimitFilter.class.getName() + ".limit";

    private final long defaultMaxBytes;

    public BodyLimitFilter(long maxBytes) {
        this.defaultMaxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = request.getAttribute(LIMIT_ATTRIBUTE) instanceof Long limit ? limit : defaultMaxBytes;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            Problems.write(
                    response,
                    new ApiException(
                            ProblemCode.PAYLOAD_TOO_LARGE,
                            "the body has " + declared + " bytes; at most " + maxBytes + " are accepted"),
                    RequestCorrelation.of(request).correlationId());
            return;
        }
        chain.doFilter(declared >= 0 ? request : new CappedRequest(request, maxBytes), response);
    }

    /** A request whose body stream fails once more than {@code limit} bytes were read from it. */
    private static final class CappedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        CappedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CappedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
