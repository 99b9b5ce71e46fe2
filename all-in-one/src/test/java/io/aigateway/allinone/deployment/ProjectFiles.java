package io.aigateway.allinone.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the deployment files may name, read from the project itself: its modules, each service's port, and every
 * configuration property any module (or Spring Boot) declares, from the configuration metadata on the classpath.
 */
final class ProjectFiles {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    final Path root;
    private final Set<String> properties = new HashSet<>();
    private final Set<String> mapProperties = new HashSet<>();

    ProjectFiles() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        root = dir;
        loadMetadata();
    }

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String relative) {
        return Files.exists(root.resolve(relative));
    }

    List<String> modules() {
        Matcher m = MODULE.matcher(read("pom.xml"));
        List<String> modules = new java.util.ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    /** The module's own configuration file, {@code <module>/src/main/resources/<module>.yml}, as text. */
    String serviceConfig(String module) {
        return read(module + "/src/main/resources/" + module + ".yml");
    }

    /** {@code server.port} of a service, from its own configuration file. */
    @SuppressWarnings("unchecked")
    int port(String module) {
        Map<String, Object> yaml = new Yaml().load(serviceConfig(module));
        Map<String, Object> server = (Map<String, Object>) yaml.get("server");
        return ((Number) server.get("port")).intValue();
    }

    /**
     * Whether an environment variable sets a property some module declares, by Spring Boot's relaxed binding (upper
     * case, dots and dashes dropped: {@code GATEWAY_PIPELINE_BLOBROOT} sets {@code gateway.pipeline.blob-root}), or
     * under a map-valued property ({@code GATEWAY_LLM_PROVIDERS_AZURE_TYPE} under {@code gateway.llm.providers}).
     */
    boolean bindsToAProperty(String environmentVariable) {
        String name = environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
        String flat = name.replace(".", "");
        if (properties.stream().anyMatch(p -> flatten(p).equals(flat))) {
            return true;
        }
        return mapProperties.stream().anyMatch(p -> flat.startsWith(flatten(p)));
    }

    private static String flatten(String property) {
        return property.toLowerCase(Locale.ROOT).replace("-", "").replace(".", "");
    }

    private void loadMetadata() {
        JsonMapper mapper = JsonMapper.builder().build();
        try {
            for (URL url : Collections.list(
                    getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    JsonNode metadata = mapper.readTree(in);
                    for (JsonNode property : metadata.path("properties")) {
                        String name = property.path("name").asString();
                        properties.add(name);
                        if (property.path("type").asString("").startsWith("java.util.Map")) {
                            mapProperties.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (properties.stream().noneMatch(p -> p.startsWith("gateway.kafka."))) {
            throw new IllegalStateException("the gateway's configuration metadata is not on the classpath");
        }
    }

    static Map<String, Object> yaml(String text) {
        Map<String, Object> loaded = new Yaml().load(text);
        return loaded == null ? new HashMap<>() : loaded;
    }
}
