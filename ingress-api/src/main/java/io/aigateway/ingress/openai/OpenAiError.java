package io.aigateway.ingress.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, with the HTTP status it goes with.
 * The gateway's stable codes (problem codes, pipeline error codes) are the {@code code}.
 */
public record OpenAiError(int status, String message, String type, String param, String code, String retryAfter) {

    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }

    static OpenAiError invalid(String message, String param, String code) {
        return new OpenAiError(400, message, "invalid_request_error", param, code, null);
    }

    /** The error of a job that failed, from the code of its {@code failed} event. */
    static OpenAiError ofJobFailure(String code, String message) {
        return switch (code == null ? "" : code) {
            case "invalid_input", "provider_rejected" ->
                new OpenAiError(400, message, "invalid_request_error", null, code, null);
            case "content_filtered" ->
                new OpenAiError(400, message, "invalid_request_error", null, "content_filter", null);
            case "model_not_found" -> new OpenAiError(404, message, "invalid_request_error", "model", code, null);
            case "provider_rate_limited" -> new OpenAiError(429, message, "rate_limit_error", null, code, "1");
            case "provider_unavailable" -> new OpenAiError(503, message, "server_error", null, code, "1");
            case "provider_timeout", "deadline_exceeded" ->
                new OpenAiError(504, message, "server_error", null, code, null);
            case "provider_auth_failed" -> new OpenAiError(502, message, "server_error", null, code, null);
            default ->
                new OpenAiError(500, message, "server_error", null, code.isEmpty() ? "internal_error" : code, null);
        };
    }

    /** The type OpenAI uses for a status. */
    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
