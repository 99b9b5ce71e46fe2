package io.aigateway.schemas.batch;

import java.time.Instant;

/** An item's job started its first step (the result store saw the job leave the queue). */
public record BatchItemStarted(int schemaVersion, String batchId, int index, int attempt, String jobId, Instant at)
        implements BatchRecord {

    public static final String TYPE = "item_started";

    @Override
    public String type() {
        return TYPE;
    }
}
