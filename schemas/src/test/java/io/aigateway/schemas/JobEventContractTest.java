package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.exc.InvalidTypeIdException;

/** The events' wire form: each kind matches exactly one branch of job-event.schema.json and reads back the same. */
class JobEventContractTest {

    static Stream<Arguments> events() {
        return new TreeSet<>(Samples.events().keySet())
                .stream()
                        .map(name ->
                                Arguments.of(name, Samples.events().get(name).get()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void writtenEventMatchesTheSchemaAndReadsBackEqual(String name, JobEvent event) throws Exception {
        String json = Json.mapper().writeValueAsString(event);

        assertThat(ContractSchemas.TREE.readTree(json).get("type").asText()).isEqualTo(event.type());
        assertThat(json).doesNotContain("null").doesNotContain("terminal");
        assertThat(ContractSchemas.published().violations(EVENT, json)).isEmpty();
        assertThat(ContractSchemas.closed().violations(EVENT, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Json.mapper().readValue(json, JobEvent.class)).isEqualTo(event);
    }

    @Test
    void samplesCoverEveryKindFullAndMinimal() {
        Set<String> kinds = Samples.events().values().stream()
                .map(Supplier::get)
                .map(JobEvent::type)
                .collect(Collectors.toSet());

        assertThat(kinds).containsExactlyInAnyOrderElementsOf(javaKinds());
        assertThat(Samples.events()).hasSize(2 * javaKinds().size());
    }

    @Test
    void schemaNamesExactlyTheKindsTheJavaCodeKnows() {
        JsonNode schema = ContractSchemas.raw(EVENT);
        Set<String> listed = StreamSupport.stream(
                        schema.at("/properties/type/enum").spliterator(), false)
                .map(JsonNode::asText)
                .collect(Collectors.toSet());
        Set<String> branches = StreamSupport.stream(schema.get("oneOf").spliterator(), false)
                .map(ref -> ref.get("$ref").asText().substring("#/$defs/".length()))
                .map(def ->
                        schema.at("/$defs/" + def + "/properties/type/const").asText())
                .collect(Collectors.toSet());

        assertThat(listed).isEqualTo(javaKinds());
        assertThat(branches).isEqualTo(javaKinds());
    }

    @Test
    void readerIgnoresFieldsAddedByANewerWriterAtEveryLevel() {
        JobEvent original = Samples.events().get("step_completed, full").get();
        JsonNode newer = new Mutation(
                        "newer writer",
                        root -> {
                            root.put("attempt", 2);
                            root.putObject("usage").put("costMicros", 1_250);
                            Mutation.at(root, "/output").put("language", "en");
                            Mutation.at(root, "/output/answer").put("reasoningTokens", 12);
                        },
                        null)
                .applyTo(Json.mapper().writeValueAsString(original));

        assertThat(ContractSchemas.published().violations(EVENT, newer)).isEmpty();
        assertThat(Json.mapper().readValue(newer.toString(), JobEvent.class)).isEqualTo(original);
    }

    @Test
    void readerRejectsAKindItDoesNotKnowAndSaysWhich() {
        String json = Json.mapper()
                .writeValueAsString(Samples.events().get("delta, full").get())
                .replace("\"type\":\"delta\"", "\"type\":\"paused\"");
        assertThat(json).contains("\"type\":\"paused\"");

        assertThatThrownBy(() -> Json.mapper().readValue(json, JobEvent.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .hasMessageContaining("paused");
        assertThatThrownBy(() -> Topics.EVENT.deserialize("gw.events", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("paused")
                .hasMessageContaining("gw.events");
    }

    @Test
    void readerRejectsAnEventWithoutAType() throws Exception {
        ObjectNode json = (ObjectNode) ContractSchemas.TREE.readTree(Json.mapper()
                .writeValueAsString(Samples.events().get("cancelled, full").get()));
        json.remove("type");

        assertThatThrownBy(() -> Json.mapper().readValue(json.toString(), JobEvent.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .hasMessageContaining("type");
        assertThat(ContractSchemas.published().violations(EVENT, json))
                .anySatisfy(m -> assertThat(m).contains("type"));
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                Arguments.of(
                        "delta, full",
                        new Mutation(
                                "with an unknown type",
                                root -> root.put("type", "paused"),
                                "/type: does not have a value in the enumeration")),
                Arguments.of(
                        "delta, full",
                        new Mutation(
                                "with another kind's type",
                                root -> root.put("type", "step_started"),
                                "required property 'hop'")),
                Arguments.of("accepted, full", new Mutation("accepted at seq 3", root -> root.put("seq", 3), "/seq:")),
                Arguments.of(
                        "accepted, full",
                        new Mutation(
                                "accepted without route", root -> root.remove("route"), "required property 'route'")),
                Arguments.of(
                        "step_started, full",
                        new Mutation(
                                "step_started without step", root -> root.remove("step"), "required property 'step'")),
                Arguments.of(
                        "step_started, full",
                        new Mutation("step_started for an unknown step", root -> root.put("step", "ocr"), "/step:")),
                Arguments.of(
                        "delta, full",
                        new Mutation("delta without text", root -> root.remove("text"), "required property 'text'")),
                Arguments.of(
                        "delta, full",
                        new Mutation(
                                "delta without provider",
                                root -> root.remove("provider"),
                                "required property 'provider'")),
                Arguments.of(
                        "delta, full", new Mutation("delta with a negative seq", root -> root.put("seq", -1), "/seq:")),
                Arguments.of(
                        "step_completed, full",
                        new Mutation(
                                "step_completed without durationMillis",
                                root -> root.remove("durationMillis"),
                                "required property 'durationMillis'")),
                Arguments.of(
                        "step_completed, full",
                        new Mutation(
                                "step_completed with an output that is no context",
                                root -> root.put("output", "The warranty lasts two years."),
                                "/output:")),
                Arguments.of(
                        "completed, full",
                        new Mutation(
                                "completed without result",
                                root -> root.remove("result"),
                                "required property 'result'")),
                Arguments.of(
                        "failed, full",
                        new Mutation(
                                "failed without error", root -> root.remove("error"), "required property 'error'")),
                Arguments.of(
                        "failed, full",
                        new Mutation(
                                "failed with retryable as a string",
                                root -> Mutation.at(root, "/error").put("retryable", "yes"),
                                "/error/retryable:")),
                Arguments.of(
                        "cancelled, full",
                        new Mutation(
                                "cancelled without jobId", root -> root.remove("jobId"), "required property 'jobId'")),
                Arguments.of(
                        "cancelled, full",
                        new Mutation(
                                "cancelled with a time that is not a date-time",
                                root -> root.put("at", "2025-03-14 09:26"),
                                "/at:")));
    }

    /**
     * A oneOf reports every branch's complaints, so the named one is looked for in the branch of the event's own kind
     * (or at the top level, for a kind the schema does not know), where it is the reason and not noise.
     */
    @ParameterizedTest(name = "rejects {1}")
    @MethodSource("invalidEvents")
    void schemaRejects(String sample, Mutation mutation) {
        String valid =
                Json.mapper().writeValueAsString(Samples.events().get(sample).get());
        assertThat(ContractSchemas.published().violations(EVENT, valid)).isEmpty();
        JsonNode invalid = mutation.applyTo(valid);

        assertThat(ContractSchemas.published().violations(EVENT, invalid)).isNotEmpty();
        String branch = branchOf(invalid.get("type").asText());
        if (branch == null) {
            assertThat(ContractSchemas.published().violations(EVENT, invalid))
                    .anySatisfy(message -> assertThat(message).contains(mutation.complaint()));
        } else {
            assertThat(ContractSchemas.published().violations(EVENT + "#/$defs/" + branch, invalid))
                    .anySatisfy(message -> assertThat(message).contains(mutation.complaint()))
                    .as("only the branch of the event's own kind was checked")
                    .noneSatisfy(message -> assertThat(message).contains("/type:"));
        }
    }

    /** The $defs name of the oneOf branch whose type const is {@code type}; null when no branch has it. */
    private static String branchOf(String type) {
        JsonNode schema = ContractSchemas.raw(EVENT);
        return StreamSupport.stream(schema.get("oneOf").spliterator(), false)
                .map(ref -> ref.get("$ref").asText().substring("#/$defs/".length()))
                .filter(def -> type.equals(
                        schema.at("/$defs/" + def + "/properties/type/const").asText()))
                .findFirst()
                .orElse(null);
    }

    /** The wire names of the permitted subtypes, read from each record's TYPE constant. */
    private static Set<String> javaKinds() {
        return Stream.of(JobEvent.class.getPermittedSubclasses())
                .map(kind -> {
                    try {
                        return (String) kind.getField("TYPE").get(null);
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(kind + " has no public TYPE constant", e);
                    }
                })
                .collect(Collectors.toSet());
    }
}
