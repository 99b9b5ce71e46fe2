package io.aigateway.schemas.topic;

/** Names of the Kafka headers the gateway writes. Values are UTF-8 strings. */
public final class Headers {

    public static final String CORRELATION_ID = "x-correlation-id";
    public static final String JOB_ID = "x-job-id";
    public static final String TENANT_ID = "x-tenant-id";
    /** W3C trace context, so one job is one trace across services. */
    public static final String TRACEPARENT = "traceparent";

    public static final String DLT_ORIGINAL_TOPIC = "x-dlt-original-topic";
    public static final String DLT_ORIGINAL_PARTITION = "x-dlt-original-partition";
    public static final String DLT_ORIGINAL_OFFSET = "x-dlt-original-offset";
    public static final String DLT_ERROR_CLASS = "x-dlt-error-class";
    public static final String DLT_ERROR_MESSAGE = "x-dlt-error-message";
    public static final String DLT_ATTEMPTS = "x-dlt-attempts";
    public static final String DLT_FAILED_AT = "x-dlt-failed-at";

    /**
     * On a job replayed by {@code gatewayctl replay}: the job id it is a copy of. Set on the replayed entry record and
     * its {@code accepted} event; the replay's correlation id ({@code replay-...}) marks every later hop.
     */
    public static final String REPLAY_OF = "x-replay-of";
    /**
     * On what {@code gatewayctl dlt redrive} published: on a dead-lettered job's new job (its entry record and {@code
     * accepted} event), the job id it is a copy of; on any other record published again as it was, the dead letter it
     * came from, {@code gw.dlt/<partition>/<offset>}.
     */
    public static final String REDRIVE_OF = "x-redrive-of";
    /**
     * On a marker record on {@code gw.dlt} (no key, no value): the dead letter at {@code <partition>/<offset>} is
     * claimed by a redrive. The first marker of a letter in its partition wins, so a second redrive of it does nothing.
     */
    public static final String DLT_REDRIVEN = "x-dlt-redriven";
    /**
     * On a {@link #DLT_REDRIVEN} marker: what the redrive publishes, the new job's id for a dead-lettered job, else a
     * token of the redrive; tells the redrive that wrote the first marker that it won.
     */
    public static final String DLT_REDRIVEN_AS = "x-dlt-redriven-as";

    private Headers() {}
}
