package io.aigateway.pipeline.config;

import io.aigateway.pipeline.kafka.AzureIdentityLoginCallbackHandler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Event Hubs profile ({@code gateway.kafka.event-hubs.*}): Azure Event Hubs' Kafka endpoint as the broker. When it
 * is on, every client gets what Event Hubs documents for Kafka clients ("Recommended configurations for Apache Kafka
 * clients", learn.microsoft.com/azure/event-hubs/apache-kafka-configurations): TLS on port 9093, idle connections and
 * metadata refreshed under the 240 s after which Azure drops an idle connection, requests under the 1,046,528-byte
 * limit, the long request and session timeouts it asks for, and gzip as the only compression it accepts. Sign-in is
 * OAUTHBEARER with tokens from azure-identity (managed identity in Azure), or a connection string where no identity
 * exists. The application creates no topics in this profile: infrastructure does ({@code infra/azure}).
 *
 * @param enabled whether the profile is on
 * @param namespace the namespace host, {@code <name>.servicebus.windows.net}, without a port
 * @param auth {@code managed-identity} (azure-identity's default chain: managed identity in Azure, the developer's
 *     sign-in elsewhere) or {@code connection-string}
 * @param managedIdentityClientId the client id of a user-assigned managed identity; empty for the system-assigned one
 * @param connectionString the namespace's connection string, only with {@code auth: connection-string}
 * @param compression {@code gzip} or {@code none}: Event Hubs accepts no other codec
 */
public record EventHubsProfile(
        boolean enabled,
        String namespace,
        @DefaultValue("managed-identity") Auth auth,
        String managedIdentityClientId,
        String connectionString,
        @DefaultValue("gzip") String compression) {

    /** Event Hubs closes a connection that sends a request larger than this. */
    public static final int SERVICE_MAX_REQUEST_BYTES = 1_046_528;

    /** Azure drops inbound TCP connections idle for longer than this. */
    public static final int SERVICE_IDLE_TIMEOUT_MS = 240_000;

    public static final EventHubsProfile DISABLED =
            new EventHubsProfile(false, null, Auth.MANAGED_IDENTITY, null, null, "gzip");

    public enum Auth {
        MANAGED_IDENTITY,
        CONNECTION_STRING
    }

    public EventHubsProfile {
        auth = auth == null ? Auth.MANAGED_IDENTITY : auth;
        compression = compression == null ? "gzip" : compression.toLowerCase(Locale.ROOT);
        if (enabled) {
            if (namespace == null || namespace.isBlank() || namespace.contains(":") || namespace.contains("/")) {
                throw new IllegalArgumentException("gateway.kafka.event-hubs.namespace must be the namespace host, "
                        + "like contoso-gateway.servicebus.windows.net (no scheme, no port), was: " + namespace);
            }
            if (auth == Auth.CONNECTION_STRING && (connectionString == null || connectionString.isBlank())) {
                throw new IllegalArgumentException(
                        "gateway.kafka.event-hubs.connection-string is required with auth: connection-string");
            }
            if (!compression.equals("gzip") && !compression.equals("none")) {
                throw new IllegalArgumentException(
                        "gateway.kafka.event-hubs.compression must be gzip or none (Event Hubs accepts no other codec),"
                                + " was: " + compression);
            }
        }
    }

    public String bootstrapServers() {
        return namespace + ":9093";
    }

    /** Connection and sign-in settings for every client; empty when the profile is off. */
    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        if (!enabled) {
            return config;
        }
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        if (auth == Auth.CONNECTION_STRING) {
            config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            config.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\""
                            + " password=\"" + connectionString.replace("\"", "\\\"") + "\";");
        } else {
            config.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
            String clientId = managedIdentityClientId == null || managedIdentityClientId.isBlank()
                    ? ""
                    : " " + AzureIdentityLoginCallbackHandler.CLIENT_ID_OPTION + "=\"" + managedIdentityClientId + "\"";
            config.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required" + clientId + ";");
            config.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, AzureIdentityLoginCallbackHandler.class);
        }
        config.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 180_000);
        config.put(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, 180_000);
        return config;
    }

    /**
     * Producer settings: requests under the service's limit, the 60 s request timeout Event Hubs recommends (it holds a
     * request for up to 20 s itself), a delivery timeout that leaves room for one retry of it, and longer blocking for
     * metadata, which over TLS with a token takes longer than on a local broker.
     */
    Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        if (!enabled) {
            return config;
        }
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 130_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        return config;
    }

    /** Consumer settings: the session and heartbeat Event Hubs recommends, so its slower answers cause no rebalance. */
    Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        if (!enabled) {
            return config;
        }
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
        return config;
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        if (!enabled) {
            return config;
        }
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 120_000);
        return config;
    }
}
