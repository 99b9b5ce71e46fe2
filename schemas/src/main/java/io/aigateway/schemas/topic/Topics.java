package io.aigateway.schemas.topic;

import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.JsonSerde;
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
 *   <li>{@code gw.events}: every job event, keyed by job id so that one job's events are ordered and the result store
 *       can fold them without repartitioning;
 *   <li>{@code gw.dlt}: records that could not be processed, as they were, with headers saying why;
 *   <li>{@code gw.config}: compacted configuration every instance reads whole;
 *   <li>{@code gw.ingest}: transcription requests published straight to Kafka by batch feeds;
 *   <li>{@code gw.documents}: compacted, the latest version of every knowledge-base document, keyed by tenant and
 *       document id (a tombstone deletes); every rag-worker instance reads all of it into its own index.
 * </ul>
 */
public final class Topics {

    public static final Serde<String> KEY = Serdes.String();
    public static final JsonSerde<JobEnvelope> ENVELOPE = new JsonSerde<>(JobEnvelope.class);
    public static final JsonSerde<JobEvent> EVENT = new JsonSerde<>(JobEvent.class);
    public static final JsonSerde<RagDocument> DOCUMENT = new JsonSerde<>(RagDocument.class);

    private static final Map<Step, Topic<String, JobEnvelope>> STEPS = new EnumMap<>(Step.class);

    static {
        for (Step step : Step.values()) {
            STEPS.put(step, new Topic<>("gw.step." + step.id(), KEY, ENVELOPE, false));
        }
    }

    public static final Topic<String, JobEvent> EVENTS = new Topic<>("gw.events", KEY, EVENT, false);
    public static final Topic<byte[], byte[]> DLT =
            new Topic<>("gw.dlt", Serdes.ByteArray(), Serdes.ByteArray(), false);
    public static final Topic<String, byte[]> CONFIG = new Topic<>("gw.config", KEY, Serdes.ByteArray(), true);
    public static final Topic<String, byte[]> INGEST = new Topic<>("gw.ingest", KEY, Serdes.ByteArray(), false);
    public static final Topic<String, RagDocument> DOCUMENTS = new Topic<>("gw.documents", KEY, DOCUMENT, true);

    private Topics() {}

    /** The topic of envelopes waiting for {@code step}. */
    public static Topic<String, JobEnvelope> step(Step step) {
        return STEPS.get(step);
    }

    /** All topics, in the order they are created. */
    public static List<Topic<?, ?>> all() {
        return List.of(
                step(Step.STT), step(Step.RAG), step(Step.LLM), step(Step.TTS), EVENTS, DLT, CONFIG, INGEST, DOCUMENTS);
    }
}
