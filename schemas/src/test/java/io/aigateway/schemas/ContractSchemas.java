package io.aigateway.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The published JSON Schemas, loaded from the classpath (where the jar carries them) by their {@code $id}, with format
 * assertions on so that times must be RFC 3339. Any other http(s) reference is refused, so validation never reaches
 * the network and a dangling cross-file {@code $ref} fails the test instead of going quiet.
 *
 * <p>{@link #closed()} serves the same schemas with {@code additionalProperties: false} on every object that lists its
 * properties. The published schemas stay open for newer writers; the closed copies check that they still declare every
 * field today's records write.
 */
final class ContractSchemas {

    static final String BASE = "https://aigateway.io/schemas/";
    static final String ENVELOPE = "job-envelope.schema.json";
    static final String EVENT = "job-event.schema.json";
    static final String STATE = "job-state.schema.json";
    static final String DOCUMENT = "rag-document.schema.json";
    static final String API_KEY = "config-api-key.schema.json";
    static final String GATEWAY_CONFIG = "gateway-config.schema.json";
    static final String REGISTRY_ENTRY = "registry-entry.schema.json";
    static final String BATCH_RECORD = "batch-record.schema.json";
    static final String INGEST_REQUEST = "ingest-request.schema.json";
    static final List<String> ALL = List.of(
            ENVELOPE, EVENT, STATE, DOCUMENT, API_KEY, GATEWAY_CONFIG, REGISTRY_ENTRY, BATCH_RECORD, INGEST_REQUEST);

    /** Jackson 2, which the validator works on; the messages themselves are written by Jackson 3. */
    static final ObjectMapper TREE = new ObjectMapper();

    private static final ContractSchemas PUBLISHED = new ContractSchemas(false);
    private static final ContractSchemas CLOSED = new ContractSchemas(true);

    private final boolean closed;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

    private ContractSchemas(boolean closed) {
        this.closed = closed;
        this.factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012, builder -> builder.schemaLoaders(loaders -> loaders.add(this::load)));
    }

    static ContractSchemas published() {
        return PUBLISHED;
    }

    static ContractSchemas closed() {
        return CLOSED;
    }

    /** The raw schema file as the jar holds it. */
    static JsonNode raw(String file) {
        try (InputStream in = resource(file)) {
            return TREE.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema given inline, resolved with the same loaders (for testing the loaders themselves). */
    JsonSchema schema(JsonNode inline) {
        return factory.getSchema(inline, config);
    }

    JsonSchema schema(String file) {
        return cache.computeIfAbsent(file, f -> factory.getSchema(SchemaLocation.of(BASE + f), config));
    }

    /** Every violation, one line each, with the JSON pointer of the offending value. */
    Set<String> violations(String file, String json) {
        try {
            return violations(file, TREE.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<String> violations(String file, JsonNode json) {
        Set<ValidationMessage> messages = schema(file).validate(json);
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(TreeSet::new));
    }

    private InputStreamSource load(AbsoluteIri iri) {
        String uri = iri.toString();
        if (uri.startsWith(BASE)) {
            String file = uri.substring(BASE.length());
            if (!closed) {
                return () -> resource(file);
            }
            JsonNode tree = raw(file);
            close(tree);
            byte[] bytes = tree.toString().getBytes(StandardCharsets.UTF_8);
            return () -> new ByteArrayInputStream(bytes);
        }
        String scheme = iri.getScheme();
        if ("http".equals(scheme) || "https".equals(scheme)) {
            throw new IllegalStateException(
                    "refusing to fetch " + uri + " over the network; the schemas must be self-contained");
        }
        return null; // classpath: (the draft 2020-12 meta-schemas the validator ships) goes to the default loaders
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream("schemas/" + file);
        if (in == null) {
            throw new IOException("schemas/" + file + " is not on the classpath");
        }
        return in;
    }

    /** additionalProperties: false wherever an object schema lists its properties, except beside a oneOf. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("oneOf")) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(e -> close(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(ContractSchemas::close);
        }
    }
}
