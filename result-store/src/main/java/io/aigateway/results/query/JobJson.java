package io.aigateway.results.query;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobState;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * The wire form of the internal endpoints, written and read by the message mapper ({@link Json#mapper()}) so a job's
 * state and events look the same over HTTP as in Kafka, whatever JSON settings the hosting application has.
 */
public final class JobJson {

    private static final TypeReference<List<JobEvent>> EVENT_LIST = new TypeReference<>() {};
    private static final ObjectWriter EVENTS_WRITER = Json.mapper().writerFor(EVENT_LIST);
    private static final ObjectReader EVENTS_READER = Json.mapper().readerFor(EVENT_LIST);

    private JobJson() {}

    public static byte[] write(JobState state) {
        return Json.mapper().writeValueAsBytes(state);
    }

    /** A JSON array; each element names its kind in {@code type}, as on {@code gw.events}. */
    public static byte[] write(List<JobEvent> events) {
        return EVENTS_WRITER.writeValueAsBytes(events);
    }

    private static final TypeReference<List<BatchItemState>> ITEM_LIST = new TypeReference<>() {};

    public static byte[] write(BatchState batch) {
        return Json.mapper().writeValueAsBytes(batch);
    }

    public static byte[] writeItems(List<BatchItemState> items) {
        return Json.mapper().writerFor(ITEM_LIST).writeValueAsBytes(items);
    }

    public static BatchState readBatch(byte[] json) {
        return Json.mapper().readValue(json, BatchState.class);
    }

    public static List<BatchItemState> readItems(byte[] json) {
        return Json.mapper().readerFor(ITEM_LIST).readValue(json);
    }

    public static byte[] write(JobPage page) {
        return Json.mapper().writeValueAsBytes(page);
    }

    public static JobPage readPage(byte[] json) {
        return Json.mapper().readValue(json, JobPage.class);
    }

    public static JobState readState(byte[] json) {
        return Json.mapper().readValue(json, JobState.class);
    }

    public static List<JobEvent> readEvents(byte[] json) {
        return EVENTS_READER.readValue(json);
    }
}
