package io.aigateway.allinone;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process broker of the local default ({@code gateway.local-broker.*}).
 *
 * @param enabled start Kafka's own KRaft server inside this JVM; off to use an external broker
 *     ({@code gateway.kafka.bootstrap-servers})
 * @param dataDir where the broker keeps its log; formatted once, kept across restarts
 * @param host the host name clients reach the broker by
 * @param port the client port
 * @param controllerPort the KRaft controller port
 * @param partitions partitions of topics the application creates
 */
@ConfigurationProperties("gateway.local-broker")
public record LocalBrokerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data/kafka") Path dataDir,
        @DefaultValue("localhost") String host,
        @DefaultValue("9092") int port,
        @DefaultValue("9093") int controllerPort,
        @DefaultValue("6") int partitions) {}
