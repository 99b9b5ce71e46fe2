package io.aigateway.schemas.topic;

import java.util.Locale;

/**
 * The priority lane of a step's work. Interactive jobs and batch items wait on separate topics of the same step, so a
 * worker can take batch items only while no interactive job waits: a call center's backlog of hundreds of recordings
 * never sits in front of a person waiting for one transcription.
 */
public enum Lane {
    /** Jobs a person waits for; the step's plain topic, {@code gw.step.<step>}. */
    INTERACTIVE(""),
    /** Items of a batch; {@code gw.step.<step>.batch}, taken only while the interactive lane is idle. */
    BATCH(".batch");

    private final String suffix;

    Lane(String suffix) {
        this.suffix = suffix;
    }

    /** What the lane adds to the step topic's name. */
    public String suffix() {
        return suffix;
    }

    /** The lane of a job: items of a batch (they carry a batch id) travel in the batch lane. */
    public static Lane of(String batchId) {
        return batchId == null || batchId.isBlank() ? INTERACTIVE : BATCH;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
