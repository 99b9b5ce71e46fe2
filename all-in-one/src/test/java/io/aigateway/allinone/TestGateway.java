package io.aigateway.allinone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every end-to-end test of the whole gateway sets the same way: a port of its own, a fresh data folder for blobs
 * and the result store's state, no in-process broker of its own (the test JVM's one, or a container) and three
 * partitions per topic. Each test adds its broker's address and what it needs besides.
 */
public final class TestGateway {

    private TestGateway() {}

    /** Registers the port, the data folder (under a new temporary folder named after {@code name}) and the topics. */
    public static void register(DynamicPropertyRegistry registry, int port, String name) {
        Path data = tempDir("gateway-" + name);
        registry.add("server.port", () -> port);
        registry.add("gateway.local-broker.enabled", () -> false);
        registry.add("gateway.kafka.partitions", () -> 3);
        registry.add("gateway.pipeline.blob-root", () -> data.resolve("blobs").toString());
        registry.add("gateway.results.state-dir", () -> data.resolve("streams").toString());
    }

    /** A TCP port free now, for a gateway the test starts on a port it knows in advance. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
