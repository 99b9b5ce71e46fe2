package io.aigateway.schemas.state;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a batch stands: queued until an item starts, running until every item ended, then completed. */
public enum BatchStatus {
    QUEUED,
    RUNNING,
    COMPLETED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
