package io.aigateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Lane;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The topic registry and the JSON serdes, used through Kafka's own Serializer and Deserializer interfaces. */
class TopicsTest {

    @Test
    void topicNamesAreUnique() {
        List<String> names = Topics.all().stream().map(Topic::name).toList();

        assertThat(names).doesNotHaveDuplicates().hasSize(14);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void everyStepHasABatchLaneBesideItsInteractiveTopic(Step step) {
        Topic<String, JobEnvelope> batch = Topics.step(step, Lane.BATCH);

        assertThat(batch.name()).isEqualTo("gw.step." + step.id() + ".batch");
        assertThat(Topics.step(step, Lane.INTERACTIVE)).isSameAs(Topics.step(step));
        assertThat(Topics.all()).contains(batch);
        assertThat(batch.valueSerde()).isSameAs(Topics.ENVELOPE);
    }

    @Test
    void anEnvelopeWithABatchIdWaitsInTheBatchLane() {
        JobEnvelope interactive = Samples.fullEnvelope();
        JobEnvelope item = new JobEnvelope(
                interactive.schemaVersion(),
                interactive.jobId(),
                interactive.correlationId(),
                interactive.tenantId(),
                "bat_abcdefghijklmnop",
                interactive.createdAt(),
                interactive.deadline(),
                interactive.route(),
                interactive.hop(),
                interactive.nextSeq(),
                interactive.input(),
                interactive.options(),
                interactive.context());

        assertThat(Topics.stepOf(item).name()).endsWith(".batch");
        assertThat(Topics.stepOf(withoutBatch(interactive)).name()).doesNotEndWith(".batch");
    }

    private static JobEnvelope withoutBatch(JobEnvelope e) {
        return new JobEnvelope(
                e.schemaVersion(),
                e.jobId(),
                e.correlationId(),
                e.tenantId(),
                null,
                e.createdAt(),
                e.deadline(),
                e.route(),
                e.hop(),
                e.nextSeq(),
                e.input(),
                e.options(),
                e.context());
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void everyStepHasItsOwnTopic(Step step) {
        Topic<String, JobEnvelope> topic = Topics.step(step);

        assertThat(topic.name()).isEqualTo("gw.step." + step.id());
        assertThat(Topics.all()).contains(topic);
        assertThat(topic.valueSerde()).isSameAs(Topics.ENVELOPE);
        assertThat(topic.compacted()).isFalse();
    }

    @Test
    void envelopeCrossesAStepTopicUnchanged() {
        Topic<String, JobEnvelope> topic = Topics.step(Step.RAG);
        JobEnvelope envelope = Samples.fullEnvelope();
        Serializer<JobEnvelope> out = topic.valueSerde().serializer();
        Deserializer<JobEnvelope> in = topic.valueSerde().deserializer();

        byte[] bytes = out.serialize(topic.name(), envelope);

        assertThat(ContractSchemas.published()
                        .violations(ContractSchemas.ENVELOPE, new String(bytes, StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(in.deserialize(topic.name(), bytes)).isEqualTo(envelope);
    }

    @Test
    void eventCrossesTheEventsTopicUnchanged() {
        Topic<String, JobEvent> topic = Topics.EVENTS;
        for (var sample : Samples.events().values()) {
            JobEvent event = sample.get();
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), event);

            assertThat(ContractSchemas.published()
                            .violations(ContractSchemas.EVENT, new String(bytes, StandardCharsets.UTF_8)))
                    .isEmpty();
            assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes))
                    .isEqualTo(event);
        }
    }

    @Test
    void keysAreUtf8Strings() {
        byte[] key = Topics.KEY.serializer().serialize("gw.events", "j-ü");

        assertThat(key).isEqualTo("j-ü".getBytes(StandardCharsets.UTF_8));
        assertThat(Topics.KEY.deserializer().deserialize("gw.events", key)).isEqualTo("j-ü");
    }

    @Test
    void nullStaysNullBothWays() {
        assertThat(Topics.ENVELOPE.serialize("gw.step.llm", null)).isNull();
        assertThat(Topics.ENVELOPE.deserialize("gw.step.llm", null)).isNull();
        assertThat(Topics.EVENT.deserialize("gw.events", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"jobId\":", "[1,2,3]", "{}", "\u0000\u00ff\u00fe"})
    void garbageIsASerializationExceptionNamingTheTopic(String garbage) {
        byte[] bytes = garbage.getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> Topics.ENVELOPE.deserializer().deserialize("gw.step.llm", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("JobEnvelope")
                .hasMessageContaining("gw.step.llm");
        assertThatThrownBy(() -> Topics.EVENT.deserializer().deserialize("gw.events", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("JobEvent")
                .hasMessageContaining("gw.events");
    }
}
