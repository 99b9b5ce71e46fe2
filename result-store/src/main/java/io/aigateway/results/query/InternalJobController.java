package io.aigateway.results.query;

import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobListings;
import io.aigateway.schemas.state.JobStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The result store's internal HTTP API, used by the ingress and by other result-store instances (forwarding to a job's
 * owner): a job's state and its events after a sequence number. Not for clients: no tenant check happens here. Bodies
 * are written by the message mapper ({@link JobJson}), so they match the Kafka records field for field.
 */
@RestController("resultStoreInternalJobController")
@RequestMapping("/internal/jobs")
public class InternalJobController {

    private final JobQueryService queries;

    public InternalJobController(JobQueryService queries) {
        this.queries = queries;
    }

    /**
     * A page of a tenant's jobs, newest first (see {@link JobQueryService#jobs(String, JobStatus, String, int,
     * boolean)}); {@code status} and {@code before} empty for none. The ingress checks the arguments.
     */
    @GetMapping
    public ResponseEntity<byte[]> jobs(
            @RequestParam String tenant,
            @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String before,
            @RequestParam(defaultValue = "20") int limit,
            @RequestHeader(name = RemoteJobQueries.FORWARDED_HEADER, defaultValue = "false") boolean forwarded) {
        JobStatus wanted = status.isEmpty() ? null : JobStatus.valueOf(status);
        int bounded = Math.max(1, Math.min(limit, JobListings.MAX_LIMIT));
        return json(JobJson.write(queries.jobs(tenant, wanted, before.isEmpty() ? null : before, bounded, forwarded)));
    }

    /** The job's state, or 404 when the store does not know the job. */
    @GetMapping("/{jobId}")
    public ResponseEntity<byte[]> job(
            @PathVariable String jobId,
            @RequestHeader(name = RemoteJobQueries.FORWARDED_HEADER, defaultValue = "false") boolean forwarded) {
        return queries.job(jobId, forwarded)
                .map(state -> json(JobJson.write(state)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The job's events with a sequence number above {@code after} (all of them by default), in rising order. */
    @GetMapping("/{jobId}/events")
    public ResponseEntity<byte[]> events(
            @PathVariable String jobId,
            @RequestParam(defaultValue = "-1") long after,
            @RequestHeader(name = RemoteJobQueries.FORWARDED_HEADER, defaultValue = "false") boolean forwarded) {
        return json(JobJson.write(queries.events(jobId, after, forwarded)));
    }

    /** 503 with Retry-After as an RFC 9457 problem: the store is rebalancing or the owner did not answer. */
    @ExceptionHandler(JobStoreUnavailableException.class)
    public ResponseEntity<byte[]> unavailable(JobStoreUnavailableException e) {
        return problem(e);
    }

    /** The 503 problem every internal endpoint answers when the store cannot. */
    static ResponseEntity<byte[]> problem(JobStoreUnavailableException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Result store unavailable");
        problem.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        problem.put("detail", e.getMessage());
        problem.put("code", "result_store_unavailable");
        problem.put("retryable", true);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Json.mapper().writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<byte[]> json(byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
