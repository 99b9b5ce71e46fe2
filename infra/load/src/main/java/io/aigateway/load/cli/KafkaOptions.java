package io.aigateway.load.cli;

import io.aigateway.pipeline.config.KafkaSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a subcommand reaches the broker: the bootstrap servers and any further client properties (SASL for Event Hubs,
 * for example), as the gateway's own {@link KafkaSettings}, so the tool's clients behave like the gateway's.
 */
public final class KafkaOptions {

    @Option(
            names = {"-b", "--bootstrap"},
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "Extra Kafka client property, repeatable (security.protocol=SASL_SSL, ...).")
    Map<String, String> properties = new LinkedHashMap<>();

    public KafkaSettings settings() {
        return new KafkaSettings(bootstrap, 6, (short) 1, false, "gatewayctl", properties, null, null);
    }
}
