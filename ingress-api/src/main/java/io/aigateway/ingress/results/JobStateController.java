package io.aigateway.ingress.results;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.schemas.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/jobs/{id}}: the job's state as the result store folded it (written by the message mapper, so it
 * matches the store's wire form), or "queued" for a job this instance just accepted; {@code job_not_found} otherwise.
 */
@RestController("ingressJobStateController")
public class JobStateController {

    private final JobLookup jobs;
    private final TenantResolver tenants;

    public JobStateController(JobLookup jobs, TenantResolver tenants) {
        this.jobs = jobs;
        this.tenants = tenants;
    }

    @GetMapping("/v1/jobs/{jobId}")
    public ResponseEntity<byte[]> job(@PathVariable String jobId, HttpServletRequest request) {
        return jobs.state(jobId, tenants.tenantOf(request))
                .map(state -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Json.mapper().writeValueAsBytes(state)))
                .orElseThrow(() -> new ApiException(ProblemCode.JOB_NOT_FOUND, "no job " + jobId));
    }
}
