package io.aigateway.ingress.problems;

import io.aigateway.ingress.correlation.RequestCorrelation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every error of the ingress's handlers into an RFC 9457 problem ({@link Problems}) with a stable code: refused
 * requests ({@link ApiException}), bodies that are not JSON or do not fit the request's shape, wrong media types,
 * bodies that grew too large while read, Spring MVC's own errors, and bugs ({@code internal_error}, logged with the
 * stack trace). Limited to the ingress's controllers, so that in all-in-one it does not answer for other modules.
 */
@RestControllerAdvice(basePackages = "io.aigateway.ingress")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IngressProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(IngressProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> refused(ApiException e, HttpServletRequest request) {
        if (e.code().status() >= 500) {
            log.warn("{}: {}", e.code().code(), e.detail(), e.getCause());
        }
        return answer(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return answer(classify(e), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<byte[]> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String sent = e.getContentType() == null ? "no Content-Type" : "Content-Type " + e.getContentType();
        return answer(
                new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, sent + " is not supported; send application/json"),
                request);
    }

    /**
     * A multipart body the container cannot read (no boundary, cut short) or one over the container's upload limit.
     * Spring raises it before any handler runs, so without this it would be a 500.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<byte[]> multipart(MultipartException e, HttpServletRequest request) {
        if (e instanceof MaxUploadSizeExceededException) {
            return answer(
                    new ApiException(ProblemCode.PAYLOAD_TOO_LARGE, "the upload is over the size limit"), request);
        }
        Throwable cause = e.getMostSpecificCause();
        return answer(
                new ApiException(
                        ProblemCode.INVALID_REQUEST,
                        "the multipart body cannot be read: " + (cause == null ? e.getMessage() : cause.getMessage())),
                request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<byte[]> parameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return answer(
                new ApiException(
                        ProblemCode.INVALID_REQUEST,
                        "parameter '" + e.getName() + "' has the wrong format",
                        List.of(new FieldError(e.getName(), "has the wrong format"))),
                request);
    }

    /** The client went away while an answer was written: nothing left to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void gone(AsyncRequestNotUsableException e) {
        log.debug("client went away: {}", e.getMessage());
    }

    /** Spring MVC's own errors (405, 406, missing parameters ...) keep their status and get a code. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse mvc && mvc.getStatusCode().value() < 500) {
            int status = mvc.getStatusCode().value();
            String detail = mvc.getBody().getDetail() != null ? mvc.getBody().getDetail() : e.getMessage();
            return answer(new ApiException(ProblemCode.forStatus(status), detail), request);
        }
        log.error("internal error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return answer(new ApiException(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred"), request);
    }

    /** Tells a body that grew too large, is not JSON at all, or is JSON of the wrong shape apart. */
    static ApiException classify(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return new ApiException(
                        ProblemCode.PAYLOAD_TOO_LARGE, "the body exceeds " + tooLarge.limit() + " bytes");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabindException wrongShape) {
                String field = path(wrongShape);
                String message = wrongShape.getOriginalMessage();
                return new ApiException(
                        ProblemCode.INVALID_REQUEST,
                        field.isEmpty()
                                ? "the body does not have the expected shape"
                                : "field '" + field + "' is invalid",
                        List.of(new FieldError(field.isEmpty() ? "$" : field, firstLine(message))));
            }
            if (t instanceof StreamReadException notJson) {
                return new ApiException(
                        ProblemCode.MALFORMED_JSON,
                        "the body is not valid JSON: " + firstLine(notJson.getOriginalMessage()));
            }
        }
        return new ApiException(ProblemCode.MALFORMED_JSON, "the body is missing or not valid JSON");
    }

    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static ResponseEntity<byte[]> answer(ApiException e, HttpServletRequest request) {
        return Problems.response(e, RequestCorrelation.of(request).correlationId());
    }
}
