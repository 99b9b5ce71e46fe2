package io.aigateway.ingress.results;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobListings;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /v1/jobs}: the caller's tenant's jobs, newest first, a page at a time, optionally of one status. Each job
 * is summed up (status, route with each step's provider and time, error, times) without its result, which {@code GET
 * /v1/jobs/{id}} gives. A job shows up once the result store has folded its first event, milliseconds after the 202.
 */
@RestController("ingressJobListController")
public class JobListController {

    static final int DEFAULT_LIMIT = 20;

    private final JobListings listings;
    private final TenantResolver tenants;

    public JobListController(JobListings listings, TenantResolver tenants) {
        this.listings = listings;
        this.tenants = tenants;
    }

    @GetMapping("/v1/jobs")
    public ResponseEntity<byte[]> jobs(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String before,
            @RequestParam(required = false) String limit,
            HttpServletRequest request) {
        JobStatus wanted = status(status);
        int size = limit(limit);
        if (before != null && !JobPage.CURSOR.matcher(before).matches()) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST, "before must be the next cursor of a page this endpoint gave");
        }
        JobPage page;
        try {
            page = listings.jobs(tenants.tenantOf(request), wanted, before, size);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(
                    ProblemCode.RESULT_STORE_UNAVAILABLE, "the result store cannot list jobs right now; retry shortly");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", page.jobs().stream().map(JobListController::summary).toList());
        body.put("next", page.next());
        if (page.next() != null) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/v1/jobs")
                    .queryParam("before", page.next())
                    .queryParam("limit", size);
            if (wanted != null) {
                next.queryParam("status", wanted.id());
            }
            body.put("links", Map.of("next", next.build().toUriString()));
        }
        // the message mapper, as GET /v1/jobs/{id} writes: times and statuses read the same in both
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(Json.mapper().writeValueAsBytes(body));
    }

    private static JobStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return Arrays.stream(JobStatus.values())
                .filter(s -> s.id().equals(status))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        ProblemCode.INVALID_REQUEST, "status is one of queued, running, completed, failed, cancelled"));
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= JobListings.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the same answer as a number out of range
        }
        throw new ApiException(ProblemCode.INVALID_REQUEST, "limit is a number from 1 to " + JobListings.MAX_LIMIT);
    }

    private static Map<String, Object> summary(JobState job) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("jobId", job.jobId());
        s.put("correlationId", job.correlationId());
        if (job.batchId() != null) {
            s.put("batchId", job.batchId());
        }
        s.put("status", job.status());
        s.put("steps", job.steps().stream().map(JobListController::step).toList());
        if (job.error() != null) {
            s.put(
                    "error",
                    Map.of(
                            "code",
                            job.error().code(),
                            "message",
                            String.valueOf(job.error().message())));
        }
        s.put("createdAt", job.createdAt());
        s.put("updatedAt", job.updatedAt());
        s.put("links", Map.of("self", "/v1/jobs/" + job.jobId(), "events", "/v1/jobs/" + job.jobId() + "/events"));
        return s;
    }

    private static Map<String, Object> step(StepState step) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", step.step());
        s.put("status", step.status());
        if (step.provider() != null) {
            s.put("provider", step.provider());
        }
        if (step.durationMillis() != null) {
            s.put("durationMillis", step.durationMillis());
        }
        return s;
    }
}
