package io.aigateway.schemas.batch;

import java.time.Instant;
import java.util.List;

/**
 * A client asked to run a batch's failed items again. {@code round} numbers the retries of the batch from 1; the items
 * listed run again as attempt {@code round}, with new job ids.
 */
public record BatchRetry(int schemaVersion, String batchId, int round, List<BatchItem> items, Instant at)
        implements BatchRecord {

    public static final String TYPE = "retry";

    public BatchRetry {
        items = items == null ? List.of() : List.copyOf(items);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
