package io.aigateway.ingress.auth;

import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.problems.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /v1} request must carry {@code Authorization: Bearer <key>} of an active key: 401 without one, 403 when
 * its role is too low for the path ({@code /v1/admin/**} needs an admin key). The key's tenant and role ride on the
 * request as its {@link Caller}; nothing the client sends besides the key can change them. Refusals on the
 * OpenAI-compatible paths use OpenAI's error shape, so an OpenAI SDK reports them as it would OpenAI's own.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    static final String REALM = "Bearer realm=\"ai-gateway\"";

    private final ApiKeyRegistry keys;

    public ApiKeyFilter(ApiKeyRegistry keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!keys.ready()) {
            response.setHeader("Retry-After", "2");
            refuse(
                    request,
                    response,
                    ProblemCode.BROKER_UNAVAILABLE,
                    "the API keys are still being read from gw.config");
            return;
        }
        Optional<Caller> caller = bearer(request).flatMap(ApiKey::parse).flatMap(keys::authenticate);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", REALM);
            refuse(
                    request,
                    response,
                    ProblemCode.UNAUTHORIZED,
                    "a valid API key is required: Authorization: Bearer"
                            + " <key>; the key given is missing, malformed, unknown, revoked or expired");
            return;
        }
        // the servlet path is decoded and free of ;parameters, as the handler mapping sees it: /v1/%61dmin or
        // /v1/admin;x must need the admin role as /v1/admin does
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Role required = requiredRole(path);
        if (!caller.get().role().includes(required)) {
            refuse(
                    request,
                    response,
                    ProblemCode.FORBIDDEN,
                    "this needs a key with role " + required.id() + "; the key given has role "
                            + caller.get().role().id());
            return;
        }
        caller.get().attachTo(request);
        chain.doFilter(request, response);
    }

    /** The least role a path needs. */
    static Role requiredRole(String path) {
        if (path.equals("/v1/admin") || path.startsWith("/v1/admin/")) {
            return Role.ADMIN;
        }
        if (path.equals("/v1/ops") || path.startsWith("/v1/ops/")) {
            return Role.OPERATOR;
        }
        return Role.CLIENT;
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    /** The OpenAI-compatible paths, whose clients read errors in OpenAI's shape. */
    static boolean openAiPath(String path) {
        return path.startsWith("/v1/chat/completions")
                || path.startsWith("/v1/models")
                || path.startsWith("/v1/audio/")
                || path.startsWith("/v1/embeddings");
    }

    private static void refuse(
            HttpServletRequest request, HttpServletResponse response, ProblemCode code, String detail)
            throws IOException {
        if (openAiPath(request.getRequestURI())) {
            response.setStatus(code.status());
            response.setContentType("application/json");
            String type = code == ProblemCode.UNAUTHORIZED ? "invalid_request_error" : "permission_error";
            String apiCode = code == ProblemCode.UNAUTHORIZED ? "invalid_api_key" : "insufficient_permissions";
            response.getOutputStream()
                    .write(("{\"error\":{\"message\":\"" + detail.replace("\"", "'") + "\",\"type\":\"" + type
                                    + "\",\"param\":null,\"code\":\"" + apiCode + "\"}}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        Problems.write(
                response,
                new ApiException(code, detail),
                RequestCorrelation.of(request).correlationId());
    }
}
