package io.aigateway.pipeline.kafka;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

/**
 * Signs Kafka clients in to Event Hubs with an Entra ID token from azure-identity: the SASL OAUTHBEARER login callback
 * that the Event Hubs profile installs. The token's audience is the namespace ({@code https://<namespace>/.default});
 * the credential is azure-identity's default chain, so a managed identity in Azure and the developer's own sign-in
 * elsewhere both work. Kafka's login module asks again before the token expires.
 */
public final class AzureIdentityLoginCallbackHandler implements AuthenticateCallbackHandler {

    /** JAAS option naming a user-assigned managed identity's client id. */
    public static final String CLIENT_ID_OPTION = "clientId";

    private final Function<String, TokenCredential> credentials;
    private final Clock clock;
    private TokenCredential credential;
    private String scope;

    /** Used by Kafka, which instantiates the handler by class name. */
    public AzureIdentityLoginCallbackHandler() {
        this(
                clientId -> {
                    DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
                    if (clientId != null) {
                        builder.managedIdentityClientId(clientId);
                    }
                    return builder.build();
                },
                Clock.systemUTC());
    }

    AzureIdentityLoginCallbackHandler(Function<String, TokenCredential> credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (!"OAUTHBEARER".equals(saslMechanism)) {
            throw new IllegalArgumentException("unexpected SASL mechanism " + saslMechanism + ", expected OAUTHBEARER");
        }
        scope = "https://" + namespaceHost(configs.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) + "/.default";
        String clientId = jaasConfigEntries.stream()
                .map(entry -> entry.getOptions().get(CLIENT_ID_OPTION))
                .filter(value -> value instanceof String text && !text.isBlank())
                .map(String.class::cast)
                .findFirst()
                .orElse(null);
        credential = credentials.apply(clientId);
    }

    /** The host of the first bootstrap server: Event Hubs' token audience is the namespace. */
    static String namespaceHost(Object bootstrapServers) {
        String first;
        if (bootstrapServers instanceof List<?> list && !list.isEmpty()) {
            first = String.valueOf(list.get(0));
        } else if (bootstrapServers instanceof String text && !text.isBlank()) {
            first = text.split(",")[0].trim();
        } else {
            throw new IllegalArgumentException("bootstrap.servers is required to sign in to Event Hubs");
        }
        String host = URI.create("kafka://" + first).getHost();
        if (host == null) {
            throw new IllegalArgumentException("cannot read a host from bootstrap server " + first);
        }
        return host;
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
                tokenCallback.token(token());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private OAuthBearerToken token() {
        if (credential == null) {
            throw new IllegalStateException("not configured");
        }
        AccessToken token;
        try {
            token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
        } catch (RuntimeException e) {
            throw new KafkaException("could not get an Entra ID token for " + scope + ": " + e.getMessage(), e);
        }
        if (token == null) {
            throw new KafkaException("azure-identity returned no token for " + scope);
        }
        return new EntraToken(token.getToken(), token.getExpiresAt().toInstant().toEpochMilli(), clock.millis(), scope);
    }

    @Override
    public void close() {}

    /** The token as Kafka's login module wants it. The principal is the scope: Event Hubs reads the token itself. */
    record EntraToken(String value, long lifetimeMs, long startMs, String audience) implements OAuthBearerToken {

        @Override
        public Set<String> scope() {
            return Set.of(audience);
        }

        @Override
        public String principalName() {
            return audience;
        }

        @Override
        public Long startTimeMs() {
            return startMs;
        }

        @Override
        public String toString() {
            return "EntraToken[audience=" + audience + ", lifetimeMs=" + lifetimeMs + "]";
        }
    }
}
