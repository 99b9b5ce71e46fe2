package io.aigateway.allinone.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Kafka's own KRaft server running inside this JVM as a single node that is both broker and controller, for
 * local development and the all-in-one distribution.
 *
 * <p>The first start formats the data directory the way {@code kafka-storage.sh format} does (a new cluster id, a
 * {@code meta.properties} and the bootstrap metadata); every later start finds that and reuses it, so topics, records
 * and committed offsets survive restarts. The settings are those of a one-node cluster: every internal topic has one
 * replica and topics are not created on first use, because the application creates its own.
 *
 * <p>{@link #start()} returns once a client can reach the broker; {@link #close()} shuts it down and waits for it.
 * Being Kafka's own server, it also handles a fatal fault (a broken log directory, say) as Kafka does: by halting the
 * JVM, and with it everything else in the process.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_PARTITIONS = 6;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    /** Bounds both Kafka's own startup and the wait for a client to get through afterwards. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    private final Path dataDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final int partitions;

    private KafkaRaftServer server;

    /** A broker on localhost:9092 (controller on 9093) whose topics get 6 partitions unless they say otherwise. */
    public EmbeddedKafkaBroker(Path dataDir) {
        this(dataDir, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, DEFAULT_PARTITIONS);
    }

    /**
     * @param dataDir where the broker keeps its logs and metadata; created and formatted on first start
     * @param host the host name the broker listens on and tells clients to connect to
     * @param port the client (PLAINTEXT) port
     * @param controllerPort the KRaft controller port; must be a real port, as it names the only quorum voter
     * @param partitions {@code num.partitions}, for topics created without a partition count
     */
    public EmbeddedKafkaBroker(Path dataDir, String host, int port, int controllerPort, int partitions) {
        this.dataDir =
                Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.host = Objects.requireNonNull(host, "host");
        this.port = requirePort(port, "port");
        this.controllerPort = requirePort(controllerPort, "controllerPort");
        if (port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
    }

    /**
     * Formats the data directory if this is its first use, starts the server and waits until a client gets an
     * answer from it. Does nothing if already started.
     *
     * @throws IllegalStateException if a port is taken or the broker does not come up
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        // Kafka reports a taken client port only after a stack of "fatal" errors, and treats a taken controller
        // port as a fatal fault that halts the whole JVM; so find out first.
        requireFree(port, "client");
        requireFree(controllerPort, "controller");

        // Parsed before formatting, so that a bad setting fails before anything is written to disk.
        KafkaConfig config = new KafkaConfig(settings(), false);
        formatOnFirstStart();

        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
            awaitClientAccess();
        } catch (RuntimeException e) {
            stop(starting);
            throw new IllegalStateException(startFailure(e), e);
        }
        server = starting;
        log.info("Kafka (KRaft, single node) is up on {}, data in {}", bootstrapServers(), dataDir);
    }

    /** The {@code bootstrap.servers} value for clients of this broker. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and waits until it has; a no-op if it is not running. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        stop(server);
        server = null;
        log.info("Kafka on {} stopped", bootstrapServers());
    }

    private Map<String, String> settings() {
        // Strings, as in server.properties: Kafka parses them into whatever type each setting has.
        Map<String, String> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        // A static voter set rather than a dynamic (KIP-853) one: its address is read from here on every start
        // instead of being written into the metadata log, so the ports may change between runs on the same data.
        settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put(
                "listeners",
                CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":"
                        + controllerPort);
        settings.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        settings.put(
                "listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("log.dirs", logDir().toString());

        // One node can hold one replica of anything; Kafka's defaults ask for three of its internal topics.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");

        settings.put("num.partitions", String.valueOf(partitions));
        // The application creates its topics with the partitions it wants; a typo must not make a new one.
        settings.put("auto.create.topics.enable", "false");
        // With one consumer per group on a dev box there is nobody to wait for before the first assignment.
        settings.put("group.initial.rebalance.delay.ms", "0");

        // A dev box keeps a day of data in small segments so old ones are actually deleted.
        settings.put("log.retention.hours", "24");
        settings.put("log.segment.bytes", String.valueOf(SEGMENT_BYTES));
        settings.put("server.max.startup.time.ms", String.valueOf(STARTUP_TIMEOUT.toMillis()));
        return settings;
    }

    private Path logDir() {
        return dataDir.resolve("log");
    }

    /**
     * Formats the log directory unless a previous start did. Kafka writes {@code meta.properties} last, so its
     * presence means the formatting completed; a directory without one gets (re)formatted.
     */
    private void formatOnFirstStart() {
        Path logDir = logDir();
        if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            log.debug("Kafka data directory {} is already formatted", logDir);
            return;
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + logDir, e);
        }
        String clusterId = Uuid.randomUuid().toString();
        // The formatter reports to System.out unless told otherwise; its few lines belong in the log.
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .setControllerListenerName(CONTROLLER_LISTENER)
                // The one log directory also holds the metadata log, as Kafka does when metadata.log.dir is unset.
                .setMetadataLogDirectory(logDir.toString())
                // Matches the static controller.quorum.voters above (kraft.version 0, no voter set on disk).
                .setHasDynamicQuorum(false)
                .addDirectory(logDir.toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        log.info(
                "Formatted {} for new Kafka cluster {}: {}",
                logDir,
                clusterId,
                report.toString(StandardCharsets.UTF_8).strip());
    }

    /**
     * Kafka buries a taken port (lost race after {@link #requireFree}) a few causes deep; the exception holding the
     * {@link BindException} names the address, so that is the message to show.
     */
    private String startFailure(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getCause() instanceof BindException) {
                return "Cannot start Kafka, a port is already in use: " + cause.getMessage();
            }
        }
        return "Kafka failed to start on " + bootstrapServers() + " (controller port " + controllerPort + ", data in "
                + dataDir + "): " + failure.getMessage();
    }

    /** Kafka's startup returns once the broker is unfenced; this proves the client listener really answers. */
    private void awaitClientAccess() {
        Map<String, Object> adminSettings = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "embedded-kafka-readiness",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) STARTUP_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(adminSettings)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) STARTUP_TIMEOUT.toMillis()))
                    .nodes()
                    .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka on " + bootstrapServers(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka on " + bootstrapServers() + " did not answer within " + STARTUP_TIMEOUT.toSeconds() + "s",
                    e);
        }
    }

    /** Broker first, then controller (Kafka orders it so), and only return once both have stopped. */
    private static void stop(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka did not shut down cleanly", e);
        }
    }

    private void requireFree(int candidate, String role) {
        try (ServerSocket probe = new ServerSocket()) {
            // As Java's server channels, and so Kafka's acceptors, do: a port left in TIME_WAIT by the previous run
            // is free for Kafka and must count as free here.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, candidate));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot start Kafka: the " + role + " port " + candidate + " on " + host + " is already in use ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    private static int requirePort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port between 1 and 65535, was " + port);
        }
        return port;
    }
}
