package io.aigateway.ingress.events;

import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.tenancy.TenantResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/jobs/{id}/events}: the job's events as Server-Sent Events, history first, then live, closing after
 * the terminal event. Resumes after the {@code Last-Event-ID} header (what browsers send on reconnect) or the {@code
 * lastEventId} query parameter.
 */
@RestController("ingressJobEventsController")
public class JobEventsController {

    private final JobEventStreams streams;
    private final TenantResolver tenants;

    public JobEventsController(JobEventStreams streams, TenantResolver tenants) {
        this.streams = streams;
        this.tenants = tenants;
    }

    @GetMapping("/v1/jobs/{jobId}/events")
    public SseEmitter events(
            @PathVariable String jobId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
            HttpServletRequest request) {
        long lastEventId = lastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        return streams.open(
                jobId,
                tenants.tenantOf(request),
                lastEventId,
                RequestCorrelation.of(request).correlationId());
    }

    /** -1 (everything) when absent; the id of an event otherwise. */
    static long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "Last-Event-ID must be the id of an event (a number)",
                    List.of(new FieldError("Last-Event-ID", "must be a number")));
        }
    }
}
