package io.aigateway.ingress.speech;

import io.aigateway.ingress.jobs.BodyLimitFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives the audio uploads ({@code /v1/speech/transcriptions}, {@code /v1/voice}, {@code /v1/audio/transcriptions})
 * their own body limit: the audio limit plus room for a multipart envelope and its fields. The body limit filter then
 * applies it; the exact audio size is checked again once the file is read. On the OpenAI-compatible path a body that
 * announces too many bytes is refused here already, in OpenAI's error shape.
 */
public class SpeechBodyLimit extends OncePerRequestFilter {

    /** Multipart boundaries, headers and the other fields. */
    static final long ENVELOPE_BYTES = 64 * 1024;

    private static final Set<String> UPLOADS =
            Set.of("/v1/speech/transcriptions", "/v1/voice", "/v1/audio/transcriptions");

    private final long maxAudioBytes;

    public SpeechBodyLimit(long maxAudioBytes) {
        this.maxAudioBytes = maxAudioBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (UPLOADS.contains(path)) {
            long limit = maxAudioBytes + ENVELOPE_BYTES;
            if (path.startsWith("/v1/audio/") && request.getContentLengthLong() > limit) {
                OpenAiErrors.write(
                        response,
                        413,
                        "The file has " + request.getContentLengthLong() + " bytes; at most " + maxAudioBytes
                                + " are accepted.",
                        "file",
                        "payload_too_large");
                return;
            }
            request.setAttribute(BodyLimitFilter.LIMIT_ATTRIBUTE, limit);
        }
        chain.doFilter(request, response);
    }
}
