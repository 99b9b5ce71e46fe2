package io.aigateway.ingress.jobs;

import io.aigateway.ingress.correlation.Ids;
import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.problems.Problems;
import io.aigateway.ingress.tenancy.TenantResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Job submission: {@code POST /v1/jobs} (any route) and {@code POST /v1/chat} (retrieval, then the LLM). A request is
 * checked on the servlet thread; the answer comes as a future, so no servlet thread waits for the broker: 202 with
 * {@code Location} once Kafka acknowledged the job, 503 {@code broker_unavailable} with {@code Retry-After} if it did
 * not within {@code publish-timeout}.
 */
@RestController("ingressJobsController")
public class JobsController {

    private static final Logger log = LoggerFactory.getLogger(JobsController.class);

    private final JobValidator validator;
    private final JobSubmissions submissions;
    private final TenantResolver tenants;

    public JobsController(JobValidator validator, JobSubmissions submissions, TenantResolver tenants) {
        this.validator = validator;
        this.submissions = submissions;
        this.tenants = tenants;
    }

    @PostMapping("/v1/jobs")
    public CompletableFuture<ResponseEntity<?>> submit(
            @RequestBody JobRequest body, HttpServletRequest request, HttpServletResponse response) {
        return accept(validator.job(body), request, response);
    }

    @PostMapping("/v1/chat")
    public CompletableFuture<ResponseEntity<?>> chat(
            @RequestBody ChatRequest body, HttpServletRequest request, HttpServletResponse response) {
        return accept(validator.chat(body), request, response);
    }

    /** Publishes a checked job and answers 202 (or 503); also used by the speech endpoints for their audio jobs. */
    public CompletableFuture<ResponseEntity<?>> accept(
            JobSpec spec, HttpServletRequest request, HttpServletResponse response) {
        String jobId = Ids.random("job_");
        RequestCorrelation correlation = RequestCorrelation.forJob(request, response, jobId);
        String tenant = tenants.tenantOf(request);
        return submissions
                .submit(jobId, spec, tenant, correlation.toKafka(jobId, tenant))
                .handle((accepted, error) -> {
                    if (error == null) {
                        JobAcceptedResponse body = JobAcceptedResponse.of(accepted);
                        return ResponseEntity.accepted()
                                .location(URI.create(body.links().self()))
                                .body(body);
                    }
                    log.warn(
                            "job {} not accepted (correlation {}): {}",
                            jobId,
                            correlation.correlationId(),
                            error.toString());
                    ApiException problem = new ApiException(
                            ProblemCode.BROKER_UNAVAILABLE,
                            "Kafka did not acknowledge the job in time; it was not accepted. Retry after 2 seconds.");
                    return Problems.response(problem, correlation.correlationId());
                });
    }
}
