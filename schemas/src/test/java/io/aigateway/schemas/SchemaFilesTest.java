package io.aigateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The schema files themselves: on the classpath, valid draft 2020-12, named by their file, open to unknown fields. */
class SchemaFilesTest {

    static final List<String> FILES = ContractSchemas.ALL;

    @ParameterizedTest
    @FieldSource("FILES")
    void isAValidDraft202012SchemaNamedByItsFile(String file) {
        JsonNode schema = ContractSchemas.raw(file);
        // the validator ships the draft 2020-12 meta-schemas and maps their ids to its own classpath
        Set<ValidationMessage> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
                .validate(schema);

        assertThat(problems).isEmpty();
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asText()).isEqualTo(ContractSchemas.BASE + file);
        // loading it compiles every $ref, including those into the other files
        assertThat(ContractSchemas.published().schema(file)).isNotNull();
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void toleratesUnknownFieldsAndSaysSo(String file) {
        JsonNode schema = ContractSchemas.raw(file);

        assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
        assertThat(schema.get("description").asText()).contains("Unknown properties are allowed");
        assertThat(closedObjects(schema, ""))
                .as("objects that would reject a newer writer's fields")
                .isEmpty();
    }

    @Test
    void validationNeverReachesTheNetwork() throws Exception {
        JsonNode remote = ContractSchemas.TREE.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$ref": "https://schemas.example.org/elsewhere.json"}
                """);

        JsonNode anything = ContractSchemas.TREE.readTree("{}");

        assertThatThrownBy(() -> ContractSchemas.published().schema(remote).validate(anything))
                .hasStackTraceContaining("refusing to fetch https://schemas.example.org/elsewhere.json");
    }

    private static List<String> closedObjects(JsonNode node, String path) {
        List<String> closed = new ArrayList<>();
        if (node.isObject()) {
            JsonNode additional = node.get("additionalProperties");
            if (additional != null && !additional.asBoolean(true)) {
                closed.add(path);
            }
            node.properties().forEach(e -> closed.addAll(closedObjects(e.getValue(), path + "/" + e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                closed.addAll(closedObjects(node.get(i), path + "/" + i));
            }
        }
        return closed;
    }
}
