package io.aigateway.ingress.jobs;

import io.aigateway.ingress.limits.Admission;
import io.aigateway.ingress.logging.ContentLog;
import io.aigateway.ingress.results.RecentlyAccepted;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.tracing.GatewayTracing;
import io.aigateway.pipeline.tracing.JobSpan;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.job.JobEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a checked job: builds its envelope (hop 0, deadline from now), publishes it with its {@code accepted} event,
 * and once the broker acknowledged both, remembers it for read-your-writes and counts it by route.
 */
public final class JobSubmissions {

    private static final Logger log = LoggerFactory.getLogger(JobSubmissions.class);

    private final JobPublisher publisher;
    private final RecentlyAccepted recent;
    private final Duration deadline;
    private final Clock clock;
    private final MeterRegistry meters;
    private final GatewayTracing tracing;
    private final Admission admission;
    private final ContentLog content;

    public JobSubmissions(
            JobPublisher publisher,
            RecentlyAccepted recent,
            SubmissionProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this(publisher, recent, properties, clock, meters, GatewayTracing.disabled(), null, ContentLog.off());
    }

    /**
     * @param tracing the acceptance of each job as a span, the parent of its steps' spans
     * @param admission the tenant's limits, checked before anything is published; null for none
     * @param content the debug log of questions and answers, off unless an operator turns it on
     */
    public JobSubmissions(
            JobPublisher publisher,
            RecentlyAccepted recent,
            SubmissionProperties properties,
            Clock clock,
            MeterRegistry meters,
            GatewayTracing tracing,
            Admission admission,
            ContentLog content) {
        this.content = content;
        this.tracing = tracing;
        this.admission = admission;
        this.publisher = publisher;
        this.recent = recent;
        this.deadline = properties.defaultDeadline();
        this.clock = clock;
        this.meters = meters;
    }

    public CompletableFuture<JobAccepted> submit(
            String jobId, JobSpec requested, String tenantId, Correlation correlation) {
        Instant now = clock.instant();
        // the tenant's limits (429 before anything is published) and policies (PII redaction)
        JobSpec spec = admission == null
                ? requested
                : new JobSpec(
                        requested.route(),
                        requested.input(),
                        admission.admit(
                                tenantId,
                                jobId,
                                requested.route(),
                                requested.input(),
                                requested.options(),
                                now.plus(deadline)));
        JobEnvelope envelope = JobEnvelope.create(
                jobId,
                correlation.correlationId(),
                tenantId,
                null,
                now,
                now.plus(deadline),
                spec.route(),
                spec.input(),
                spec.options());

        JobSpan span = tracing.start("accept job", SpanKind.SERVER, correlation.trace())
                .attribute("gateway.job.id", jobId)
                .attribute("gateway.tenant.id", tenantId)
                .attribute("gateway.route", spec.routeName());
        CompletableFuture<JobAccepted> published;
        try {
            published = publisher.publish(envelope, correlation.withTrace(span.traceParent()));
        } catch (RuntimeException e) {
            // refused before the broker was asked (no broker, a record too large): the admission is given back too
            span.fail("not_accepted", e.getMessage());
            if (admission != null) {
                admission.release(tenantId, jobId);
            }
            throw e;
        }
        return published
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        span.end();
                    } else {
                        span.fail("not_accepted", error.getMessage());
                        if (admission != null) {
                            admission.release(tenantId, jobId);
                        }
                    }
                })
                .thenApply(accepted -> {
                    recent.remember(accepted);
                    meters.counter("gateway.jobs.accepted", "route", spec.routeName())
                            .increment();
                    // the broker's acknowledgement arrives on the producer's thread: the job's correlation goes with
                    // the line
                    Correlation job =
                            new Correlation(correlation.correlationId(), jobId, tenantId, correlation.trace());
                    try (var scope = job.open(null)) {
                        log.info("accepted job {} (route {})", jobId, spec.routeName());
                        content.accepted(envelope, job);
                    }
                    return accepted;
                });
    }
}
