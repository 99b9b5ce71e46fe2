package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;

/** The job state's wire form (what the result store keeps and answers) against job-state.schema.json. */
class JobStateContractTest {

    static Stream<JobState> states() {
        return Stream.of(Samples.fullState(), Samples.minimalState());
    }

    @ParameterizedTest
    @MethodSource("states")
    void writtenStateMatchesTheSchemaAndReadsBackEqual(JobState state) {
        String json = Json.mapper().writeValueAsString(state);

        assertThat(ContractSchemas.published().violations(STATE, json)).isEmpty();
        assertThat(ContractSchemas.closed().violations(STATE, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Json.mapper().readValue(json, JobState.class)).isEqualTo(state);
    }

    @Test
    void statusesAreWrittenByTheirLowerCaseIdsWhichTheSchemaLists() {
        JsonNode listed = ContractSchemas.raw(STATE).at("/$defs/JobStatus/enum");

        assertThat(listed)
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(
                        Arrays.stream(JobStatus.values()).map(JobStatus::id).toList());
        for (JobStatus status : JobStatus.values()) {
            String json = Json.mapper().writeValueAsString(status);
            assertThat(json).isEqualTo("\"" + status.name().toLowerCase(java.util.Locale.ROOT) + "\"");
            assertThat(Json.mapper().readValue(json, JobStatus.class)).isEqualTo(status);
        }
    }

    @Test
    void readerIgnoresFieldsAddedByANewerWriterAtEveryLevel() {
        JobState original = Samples.fullState();
        JsonNode newer = new Mutation(
                        "newer writer",
                        root -> {
                            root.put("priority", "high");
                            ((ObjectNode) root.at("/steps/2")).put("attempts", 3);
                            Mutation.at(root, "/error").put("httpStatus", 503);
                            Mutation.at(root, "/result/transcript").put("speakers", 1);
                        },
                        null)
                .applyTo(Json.mapper().writeValueAsString(original));

        assertThat(ContractSchemas.published().violations(STATE, newer)).isEmpty();
        assertThat(Json.mapper().readValue(newer.toString(), JobState.class)).isEqualTo(original);
    }

    @Test
    void readerRejectsAStatusItDoesNotKnow() {
        String json = Json.mapper().writeValueAsString(Samples.minimalState()).replace("\"queued\"", "\"paused\"");
        assertThat(json).contains("\"paused\"");

        assertThatThrownBy(() -> Json.mapper().readValue(json, JobState.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("paused");
    }

    static Stream<Mutation> invalidStates() {
        return Stream.of(
                new Mutation("with an unknown status", root -> root.put("status", "paused"), "/status:"),
                new Mutation("without updatedAt", root -> root.remove("updatedAt"), "required property 'updatedAt'"),
                new Mutation("without steps", root -> root.remove("steps"), "required property 'steps'"),
                new Mutation(
                        "with a step without status",
                        root -> ((ObjectNode) root.at("/steps/0")).remove("status"),
                        "required property 'status'"),
                new Mutation(
                        "with a step for an unknown step id",
                        root -> ((ObjectNode) root.at("/steps/0")).put("step", "ocr"),
                        "/steps/0/step:"),
                new Mutation(
                        "with an error without code",
                        root -> Mutation.at(root, "/error").remove("code"),
                        "required property 'code'"),
                new Mutation("with a negative lastSeq", root -> root.put("lastSeq", -1), "/lastSeq:"));
    }

    @ParameterizedTest(name = "rejects a state {0}")
    @MethodSource("invalidStates")
    void schemaRejects(Mutation mutation) {
        String valid = Json.mapper().writeValueAsString(Samples.fullState());
        assertThat(ContractSchemas.published().violations(STATE, valid)).isEmpty();

        assertThat(ContractSchemas.published().violations(STATE, mutation.applyTo(valid)))
                .isNotEmpty()
                .anySatisfy(message -> assertThat(message).contains(mutation.complaint()));
    }
}
