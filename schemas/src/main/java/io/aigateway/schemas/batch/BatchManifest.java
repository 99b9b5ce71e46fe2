package io.aigateway.schemas.batch;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A batch as it was accepted: who it belongs to, what to do with each recording, and the recordings. Durable on {@code
 * gw.batches} before the client hears 202, so nothing of an accepted batch lives only in an ingress's memory.
 *
 * @param source {@code upload}, {@code urls} or {@code ingest:<feedId>}
 * @param route the steps each item runs: {@code [stt]}, or {@code [stt, llm]} with a post-call summary
 * @param options what every item's job gets (language, PII redaction)
 * @param wordTimings whether results carry each word's times
 * @param postCall the post-call step asked for ({@code summary}), or null
 * @param webhookUrl where the completion is announced (signed), or null
 */
public record BatchManifest(
        int schemaVersion,
        String batchId,
        String tenantId,
        String source,
        Instant at,
        List<Step> route,
        JobOptions options,
        boolean wordTimings,
        String postCall,
        String webhookUrl,
        List<BatchItem> items)
        implements BatchRecord {

    public static final String TYPE = "manifest";

    public BatchManifest {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(tenantId, "tenantId");
        route = List.copyOf(Objects.requireNonNull(route, "route"));
        options = options == null ? JobOptions.defaults() : options;
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    public static BatchManifest of(
            String batchId,
            String tenantId,
            String source,
            Instant at,
            List<Step> route,
            JobOptions options,
            boolean wordTimings,
            String postCall,
            String webhookUrl,
            List<BatchItem> items) {
        return new BatchManifest(
                SchemaVersion.CURRENT,
                batchId,
                tenantId,
                source,
                at,
                route,
                options,
                wordTimings,
                postCall,
                webhookUrl,
                items);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
