package io.aigateway.schemas.state;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job stands. Only {@link #QUEUED} and {@link #RUNNING} can still change. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
