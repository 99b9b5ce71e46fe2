package io.aigateway.schemas.topic;

import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.JsonSerde;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the gateway uses. Event Hubs cannot create topics on the fly and allows few, so this list is closed: the
 * application (or, on Azure, the infrastructure) creates exactly these.
 *
 * <ul>
 *   <li>{@code gw.step.<step>}: envelopes waiting for that step, keyed by correlation id;
 *   <li>{@code gw.step.<step>.batch}: the same for items of batches, the step's lower-priority lane ({@link Lane});
 *   <li>{@code gw.events}: every job event, keyed by job id so that one job's events are ordered and the result store
 *       can fold them without repartitioning;
 *   <li>{@code gw.dlt}: records that could not be processed, as they were, with headers saying why;
 *   <li>{@code gw.config}: compacted configuration every instance reads whole;
 *   <li>{@code gw.ingest}: transcription requests published straight to Kafka by batch feeds ({@link
 *       io.aigateway.schemas.batch.IngestRequest}, keyed by the feed's request id);
 *   <li>{@code gw.batches}: what happens to batches ({@link BatchRecord}: manifests, items started and finished,
 *       retries, completion, webhook deliveries), keyed by batch id, so one batch's records are ordered and one
 *       consumer owns each batch;
 *   <li>{@code gw.documents}: compacted, the latest version of every knowledge-base document, keyed by tenant and
 *       document id (a tombstone deletes); every rag-worker instance reads all of it into its own index.
 * </ul>
 */
public final class Topics {

    public static final Serde<String> KEY = Serdes.String();
    public static final JsonSerde<JobEnvelope> ENVELOPE = new JsonSerde<>(JobEnvelope.class);
    public static final JsonSerde<JobEvent> EVENT = new JsonSerde<>(JobEvent.class);
    public static final JsonSerde<RagDocument> DOCUMENT = new JsonSerde<>(RagDocument.class);
    public static final JsonSerde<BatchRecord> BATCH_RECORD = new JsonSerde<>(BatchRecord.class);

    private static final Map<Lane, Map<Step, Topic<String, JobEnvelope>>> STEPS = new EnumMap<>(Lane.class);

    static {
        for (Lane lane : Lane.values()) {
            Map<Step, Topic<String, JobEnvelope>> topics = new EnumMap<>(Step.class);
            for (Step step : Step.values()) {
                topics.put(step, new Topic<>("gw.step." + step.id() + lane.suffix(), KEY, ENVELOPE, false));
            }
            STEPS.put(lane, topics);
        }
    }

    public static final Topic<String, JobEvent> EVENTS = new Topic<>("gw.events", KEY, EVENT, false);
    public static final Topic<byte[], byte[]> DLT =
            new Topic<>("gw.dlt", Serdes.ByteArray(), Serdes.ByteArray(), false);
    public static final Topic<String, byte[]> CONFIG = new Topic<>("gw.config", KEY, Serdes.ByteArray(), true);
    public static final Topic<String, byte[]> INGEST = new Topic<>("gw.ingest", KEY, Serdes.ByteArray(), false);
    public static final Topic<String, RagDocument> DOCUMENTS = new Topic<>("gw.documents", KEY, DOCUMENT, true);
    public static final Topic<String, BatchRecord> BATCHES = new Topic<>("gw.batches", KEY, BATCH_RECORD, false);

    private Topics() {}

    /** The topic of interactive envelopes waiting for {@code step}. */
    public static Topic<String, JobEnvelope> step(Step step) {
        return step(step, Lane.INTERACTIVE);
    }

    /** The topic of envelopes waiting for {@code step} in {@code lane}. */
    public static Topic<String, JobEnvelope> step(Step step, Lane lane) {
        return STEPS.get(lane).get(step);
    }

    /** Where an envelope waits for its current step: the lane its batch id gives it. */
    public static Topic<String, JobEnvelope> stepOf(JobEnvelope envelope) {
        return step(envelope.currentStep(), Lane.of(envelope.batchId()));
    }

    /** All topics, in the order they are created. */
    public static List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            for (Step step : Step.values()) {
                all.add(step(step, lane));
            }
        }
        all.addAll(List.of(EVENTS, DLT, CONFIG, INGEST, DOCUMENTS, BATCHES));
        return List.copyOf(all);
    }
}
