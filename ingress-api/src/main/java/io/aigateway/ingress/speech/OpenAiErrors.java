package io.aigateway.ingress.speech;

import io.aigateway.schemas.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Errors of the OpenAI-compatible audio endpoints in OpenAI's shape: {@code {"error": {"message", "type", "param",
 * "code"}}}, {@code type} from the status ({@code invalid_request_error}, {@code authentication_error}, {@code
 * rate_limit_error}, {@code server_error}), {@code code} the gateway's stable code. Kept local to the speech package
 * until the OpenAI surfaces share one writer.
 */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static byte[] body(int status, String message, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type(status));
        error.put("param", param);
        error.put("code", code);
        return Json.mapper().writeValueAsBytes(Map.of("error", error));
    }

    static ResponseEntity<byte[]> response(int status, String message, String param, String code) {
        return response(status, message, param, code, null);
    }

    static ResponseEntity<byte[]> response(int status, String message, String param, String code, String retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            builder.header("Retry-After", retryAfter);
        }
        return builder.body(body(status, message, param, code));
    }

    static void write(HttpServletResponse response, int status, String message, String param, String code)
            throws IOException {
        byte[] body = body(status, message, param, code);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static String type(int status) {
        if (status == 401 || status == 403) {
            return "authentication_error";
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
