package io.aigateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

/** Step ids: the wire names, what parses and what does not. */
class StepTest {

    @ParameterizedTest
    @EnumSource(Step.class)
    void isWrittenByItsIdAndReadBack(Step step) {
        String json = Json.mapper().writeValueAsString(step);

        assertThat(json).isEqualTo("\"" + step.id() + "\"");
        assertThat(Json.mapper().readValue(json, Step.class)).isEqualTo(step);
        assertThat(Step.find(step.id())).contains(step);
    }

    @Test
    void schemaListsExactlyTheJavaSteps() {
        JsonNode listed = ContractSchemas.raw(ContractSchemas.ENVELOPE).at("/$defs/Step/enum");

        assertThat(listed)
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(
                        Arrays.stream(Step.values()).map(Step::id).toList());
    }

    @Test
    void findForgivesCaseAndSpaces() {
        assertThat(Step.find(" LLM ")).contains(Step.LLM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ocr", "", "stt,llm", "gw.step.stt"})
    void findReturnsEmptyForWhatIsNotAStep(String id) {
        assertThat(Step.find(id)).isEmpty();
    }

    @Test
    void findReturnsEmptyForNull() {
        assertThat(Step.find(null)).isEmpty();
    }

    @Test
    void readingAnUnknownIdFailsAndNamesIt() {
        assertThatThrownBy(() -> Json.mapper().readValue("\"ocr\"", Step.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("unknown step: ocr");
    }
}
