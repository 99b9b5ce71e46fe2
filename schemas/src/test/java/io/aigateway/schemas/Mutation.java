package io.aigateway.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * One change to a valid message's JSON that a schema must reject, with a fragment its complaint must contain, so a
 * negative test fails for the reason it names and not for another.
 */
record Mutation(String name, Consumer<ObjectNode> change, String complaint) {

    /** The message's JSON with the change applied; the input is left as it was. */
    JsonNode applyTo(String json) {
        try {
            ObjectNode copy = (ObjectNode) ContractSchemas.TREE.readTree(json);
            change.accept(copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object at a JSON pointer, for changes below the top level. */
    static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    @Override
    public String toString() {
        return name;
    }
}
