package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.ENVELOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.json.Json;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;

/** The envelope's wire form: what Json.mapper() writes matches job-envelope.schema.json and reads back the same. */
class JobEnvelopeContractTest {

    static Stream<JobEnvelope> envelopes() {
        return Stream.of(Samples.fullEnvelope(), Samples.minimalEnvelope());
    }

    /** Derived from hop and route: never written, and ignored if a writer sends it. */
    private static final String DERIVED_PROPERTY = "lastStep";

    @ParameterizedTest
    @MethodSource("envelopes")
    void writtenEnvelopeMatchesTheSchemaAndReadsBackEqual(JobEnvelope envelope) {
        String json = Json.mapper().writeValueAsString(envelope);

        assertThat(ContractSchemas.published().violations(ENVELOPE, json)).isEmpty();
        assertThat(json).doesNotContain(DERIVED_PROPERTY);
        assertThat(ContractSchemas.closed().violations(ENVELOPE, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Json.mapper().readValue(json, JobEnvelope.class)).isEqualTo(envelope);
    }

    @Test
    void derivedLastStepIsNeverTrustedOnRead() {
        JobEnvelope atStart = JobEnvelope.create(
                Samples.JOB,
                Samples.JOB,
                Samples.TENANT,
                null,
                Samples.CREATED,
                null,
                Samples.VOICE_CHAIN,
                JobInput.ofAudio(Samples.QUESTION_AUDIO),
                null);
        JsonNode lying = new Mutation("claims last step", root -> root.put(DERIVED_PROPERTY, true), null)
                .applyTo(Json.mapper().writeValueAsString(atStart));

        JobEnvelope read = Json.mapper().readValue(lying.toString(), JobEnvelope.class);

        assertThat(read).isEqualTo(atStart);
        assertThat(read.isLastStep()).isFalse();
    }

    @Test
    void minimalEnvelopeLeavesAbsentFieldsOutButAlwaysWritesOptionsContextAndMessages() throws Exception {
        JsonNode json = ContractSchemas.TREE.readTree(Json.mapper().writeValueAsString(Samples.minimalEnvelope()));

        assertThat(json.has("batchId")).isFalse();
        assertThat(json.has("deadline")).isFalse();
        assertThat(json.toString()).doesNotContain("null");
        assertThat(json.get("options").isEmpty()).isTrue();
        assertThat(json.get("context").isEmpty()).isTrue();
        assertThat(json.at("/input/messages").isArray()).isTrue();
        assertThat(json.get("createdAt").asText()).isEqualTo("2025-03-14T09:26:53.589793238Z");
        assertThat(json.get("route").toString()).isEqualTo("[\"llm\"]");
    }

    @Test
    void readerIgnoresFieldsAddedByANewerWriterAtEveryLevel() {
        JobEnvelope original = Samples.fullEnvelope();
        JsonNode newer = new Mutation(
                        "newer writer",
                        root -> {
                            root.put("priority", "high");
                            root.putObject("tracing").put("sampled", true);
                            Mutation.at(root, "/input").put("locale", "en-GB");
                            Mutation.at(root, "/input/audio").put("region", "westeurope");
                            ((ObjectNode) root.at("/input/messages/0")).put("name", "policy");
                            Mutation.at(root, "/options").put("seed", 42);
                            Mutation.at(root, "/context").putArray("citations").add("doc-warranty#3");
                            ((ObjectNode) root.at("/context/transcript/words/0")).put("speaker", 1);
                            ((ObjectNode) root.at("/context/passages/1")).put("rerankScore", 0.71);
                            Mutation.at(root, "/context/answer").put("reasoningTokens", 0);
                        },
                        null)
                .applyTo(Json.mapper().writeValueAsString(original));

        assertThat(ContractSchemas.published().violations(ENVELOPE, newer)).isEmpty();
        assertThat(ContractSchemas.closed().violations(ENVELOPE, newer)).isNotEmpty();
        assertThat(Json.mapper().readValue(newer.toString(), JobEnvelope.class)).isEqualTo(original);
    }

    @Test
    void readerRejectsARouteWithAStepItDoesNotKnow() {
        String json =
                Json.mapper().writeValueAsString(Samples.minimalEnvelope()).replace("[\"llm\"]", "[\"llm\",\"ocr\"]");

        assertThatThrownBy(() -> Json.mapper().readValue(json, JobEnvelope.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("unknown step: ocr");
    }

    static Stream<Mutation> invalidEnvelopes() {
        return Stream.of(
                new Mutation("without jobId", root -> root.remove("jobId"), "required property 'jobId'"),
                new Mutation("with an empty jobId", root -> root.put("jobId", ""), "/jobId:"),
                new Mutation("without route", root -> root.remove("route"), "required property 'route'"),
                new Mutation(
                        "with an unknown step in the route",
                        root -> ((ArrayNode) root.get("route")).add("ocr"),
                        "/route/4:"),
                new Mutation("with an empty route", root -> root.putArray("route"), "/route:"),
                new Mutation("with a negative hop", root -> root.put("hop", -1), "/hop:"),
                new Mutation("with a fractional nextSeq", root -> root.put("nextSeq", 1.5), "/nextSeq:"),
                new Mutation("with schemaVersion 0", root -> root.put("schemaVersion", 0), "/schemaVersion:"),
                new Mutation(
                        "with createdAt as epoch millis",
                        root -> root.put("createdAt", 1_741_944_413_589L),
                        "/createdAt:"),
                new Mutation(
                        "with a deadline that is not a date-time",
                        root -> root.put("deadline", "tomorrow noon"),
                        "/deadline:"),
                new Mutation("without input", root -> root.remove("input"), "required property 'input'"),
                new Mutation(
                        "with input messages null",
                        root -> Mutation.at(root, "/input").putNull("messages"),
                        "/input/messages:"),
                new Mutation(
                        "with a chat message without content",
                        root -> ((ObjectNode) root.at("/input/messages/1")).remove("content"),
                        "required property 'content'"),
                new Mutation(
                        "with an upper-case sha256",
                        root -> Mutation.at(root, "/input/audio")
                                .put("sha256", Samples.QUESTION_AUDIO.sha256().toUpperCase(Locale.ROOT)),
                        "/input/audio/sha256:"),
                new Mutation(
                        "with a negative blob size",
                        root -> Mutation.at(root, "/input/audio").put("size", -1),
                        "/input/audio/size:"),
                new Mutation(
                        "with maxTokens as a string",
                        root -> Mutation.at(root, "/options").put("maxTokens", "512"),
                        "/options/maxTokens:"),
                new Mutation(
                        "with topK 0", root -> Mutation.at(root, "/options").put("topK", 0), "/options/topK:"),
                new Mutation(
                        "with a word confidence above 1",
                        root -> ((ObjectNode) root.at("/context/transcript/words/0")).put("confidence", 1.3),
                        "/context/transcript/words/0/confidence:"),
                new Mutation(
                        "with a passage without text",
                        root -> ((ObjectNode) root.at("/context/passages/0")).remove("text"),
                        "required property 'text'"),
                new Mutation(
                        "with an answer without token counts",
                        root -> Mutation.at(root, "/context/answer").remove("promptTokens"),
                        "required property 'promptTokens'"),
                new Mutation("with the context as an array", root -> root.putArray("context"), "/context:"));
    }

    @ParameterizedTest(name = "rejects an envelope {0}")
    @MethodSource("invalidEnvelopes")
    void schemaRejects(Mutation mutation) {
        String valid = Json.mapper().writeValueAsString(Samples.fullEnvelope());
        assertThat(ContractSchemas.published().violations(ENVELOPE, valid)).isEmpty();

        assertThat(ContractSchemas.published().violations(ENVELOPE, mutation.applyTo(valid)))
                .isNotEmpty()
                .anySatisfy(message -> assertThat(message).contains(mutation.complaint()));
    }
}
