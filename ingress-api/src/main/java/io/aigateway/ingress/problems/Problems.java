package io.aigateway.ingress.problems;

import io.aigateway.schemas.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}) with the gateway's extra members {@code code},
 * {@code retryable} and {@code correlationId} (and {@code errors} for field errors). The body is written by the message
 * mapper so that it looks the same whatever JSON settings the hosting application (for example all-in-one) has, and so
 * that servlet filters, which run outside Spring MVC, can write the same answer.
 */
public final class Problems {

    /** Problem types are {@code TYPE_BASE + code}. */
    public static final String TYPE_BASE = "https://aigateway.io/problems/";

    private Problems() {}

    public static byte[] body(ApiException problem, String correlationId) {
        ProblemCode code = problem.code();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.code());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", problem.detail());
        body.put("code", code.code());
        body.put("retryable", code.retryable());
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        List<FieldError> errors = problem.errors();
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return Json.mapper().writeValueAsBytes(body);
    }

    public static ResponseEntity<byte[]> response(ApiException problem, String correlationId) {
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(problem.code().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        return builder.body(body(problem, correlationId));
    }

    /** For servlet filters: writes the whole answer unless the response is already committed. */
    public static void write(HttpServletResponse response, ApiException problem, String correlationId)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = body(problem, correlationId);
        response.setStatus(problem.code().status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (problem.retryAfterSeconds() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
