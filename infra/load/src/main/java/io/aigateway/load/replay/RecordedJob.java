package io.aigateway.load.replay;

import io.aigateway.schemas.job.JobEnvelope;

/** A job as it entered the pipeline: its first envelope, where it was read from and when the broker stored it. */
public record RecordedJob(String topic, int partition, long offset, long timestamp, JobEnvelope envelope) {}
