package io.aigateway.ingress.problems;

import java.util.List;

/**
 * A request the ingress refuses, with the problem code it answers. Thrown by the request handlers and turned into an
 * RFC 9457 problem by {@link IngressProblemHandler}.
 */
public class ApiException extends RuntimeException {

    private final ProblemCode code;
    private final List<FieldError> errors;

    public ApiException(ProblemCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public ApiException(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, null);
    }

    public ApiException(ProblemCode code, String detail, List<FieldError> errors, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ProblemCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The {@code Retry-After} seconds of the answer, or null for none: the code's own unless a subclass knows better. */
    public String retryAfterSeconds() {
        return code.retryAfterSeconds();
    }
}
