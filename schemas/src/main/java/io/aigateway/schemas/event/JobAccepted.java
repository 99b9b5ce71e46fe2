package io.aigateway.schemas.event;

import io.aigateway.schemas.job.Step;
import java.time.Instant;
import java.util.List;

/**
 * The ingress accepted the job and the broker acknowledged it. Always the job's first event (sequence 0).
 *
 * @param uploadBytes the bytes the client uploaded for the job (its audio), counted against the tenant's upload quota
 *     on every ingress instance; null or 0 for none
 */
public record JobAccepted(
        int schemaVersion,
        String jobId,
        String correlationId,
        String tenantId,
        long seq,
        Instant at,
        String batchId,
        List<Step> route,
        Instant deadline,
        Long uploadBytes)
        implements JobEvent {

    public static final String TYPE = "accepted";

    /** A job without an upload. */
    public JobAccepted(
            int schemaVersion,
            String jobId,
            String correlationId,
            String tenantId,
            long seq,
            Instant at,
            String batchId,
            List<Step> route,
            Instant deadline) {
        this(schemaVersion, jobId, correlationId, tenantId, seq, at, batchId, route, deadline, null);
    }

    public JobAccepted {
        route = route == null ? List.of() : List.copyOf(route);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Step step() {
        return null;
    }

    @Override
    public String provider() {
        return null;
    }
}
