package io.aigateway.schemas.batch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids of a batch item's jobs, in one place. An item's correlation id is {@code <batchId>-<index>}, so a batch's
 * items spread over every partition of a step topic; its job id adds the attempt, {@code <batchId>-<index>-<attempt>},
 * so a rerun is a new job and a redelivered dispatch makes the same job again (which the readers absorb). The result
 * store reads the batch, item and attempt back from the job id alone, whatever order the job's events come in.
 */
public record BatchItemKey(String batchId, int index, int attempt) {

    /** {@code bat_} and lower-case base32, as the ingress makes batch ids. */
    public static final Pattern BATCH_ID = Pattern.compile("bat_[a-z2-7]{16,64}");

    private static final Pattern JOB_ID = Pattern.compile("(bat_[a-z2-7]{16,64})-(\\d{1,6})-(\\d{1,4})");

    public String correlationId() {
        return batchId + "-" + index;
    }

    public String jobId() {
        return correlationId() + "-" + attempt;
    }

    /** The item a job belongs to; empty for a job that is not a batch item's. */
    public static Optional<BatchItemKey> ofJob(String jobId) {
        if (jobId == null) {
            return Optional.empty();
        }
        Matcher m = JOB_ID.matcher(jobId);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new BatchItemKey(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }
}
