package io.aigateway.schemas.batch;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.state.JobStatus;
import java.time.Instant;

/**
 * An item's job ended: {@code completed}, {@code failed} or {@code cancelled}, as the result store folded it. The
 * result store emits it once per job as it sees the job end; a redelivery may repeat it, which the batch fold drops.
 *
 * @param attempt 0 for the first run, the retry round for a rerun; an outcome of an older attempt is stale
 * @param audioSeconds the length of the transcribed audio, when known
 */
public record BatchItemFinished(
        int schemaVersion,
        String batchId,
        int index,
        int attempt,
        String jobId,
        JobStatus status,
        ErrorInfo error,
        Double audioSeconds,
        Instant at)
        implements BatchRecord {

    public static final String TYPE = "item_finished";

    @Override
    public String type() {
        return TYPE;
    }
}
