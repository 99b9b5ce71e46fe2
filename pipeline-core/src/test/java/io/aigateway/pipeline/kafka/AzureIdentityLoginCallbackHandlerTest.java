package io.aigateway.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureIdentityLoginCallbackHandlerTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final List<String> scopesAsked = new ArrayList<>();
    private final List<String> clientIds = new ArrayList<>();

    @Test
    void asksForATokenWhoseAudienceIsTheNamespace() throws Exception {
        AzureIdentityLoginCallbackHandler handler = handler(request -> {
            scopesAsked.addAll(request.getScopes());
            return Mono.just(new AccessToken("eyJ.token", OffsetDateTime.of(2026, 12, 4, 11, 0, 0, 0, ZoneOffset.UTC)));
        });
        handler.configure(
                Map.of("bootstrap.servers", List.of("contoso-gateway.servicebus.windows.net:9093")),
                "OAUTHBEARER",
                List.of(jaas(Map.of("clientId", "1b2c3d"))));

        OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
        handler.handle(new Callback[] {callback});

        assertThat(scopesAsked).containsExactly("https://contoso-gateway.servicebus.windows.net/.default");
        assertThat(clientIds).containsExactly("1b2c3d");
        assertThat(callback.token().value()).isEqualTo("eyJ.token");
        assertThat(callback.token().lifetimeMs())
                .isEqualTo(NOW.plusSeconds(3600).toEpochMilli());
        assertThat(callback.token().startTimeMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(callback.token().toString()).doesNotContain("eyJ.token");
    }

    @Test
    void aFailedSignInIsAKafkaErrorNamingTheScope() {
        AzureIdentityLoginCallbackHandler handler =
                handler(request -> Mono.error(new IllegalStateException("no managed identity endpoint")));
        handler.configure(
                Map.of("bootstrap.servers", "contoso-gateway.servicebus.windows.net:9093"),
                "OAUTHBEARER",
                List.of(jaas(Map.of())));

        assertThatThrownBy(() -> handler.handle(new Callback[] {new OAuthBearerTokenCallback()}))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("https://contoso-gateway.servicebus.windows.net/.default")
                .hasMessageContaining("no managed identity endpoint");
        assertThat(clientIds).containsExactly((String) null);
    }

    @Test
    void refusesOtherCallbacksAndMechanisms() {
        AzureIdentityLoginCallbackHandler handler = handler(request -> Mono.empty());
        assertThatThrownBy(() -> handler.configure(Map.of("bootstrap.servers", "x:9093"), "PLAIN", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        handler.configure(Map.of("bootstrap.servers", "x:9093"), "OAUTHBEARER", List.of());
        assertThatThrownBy(() -> handler.handle(new Callback[] {new Callback() {}}))
                .isInstanceOf(UnsupportedCallbackException.class);
    }

    private AzureIdentityLoginCallbackHandler handler(TokenCredential credential) {
        return new AzureIdentityLoginCallbackHandler(
                clientId -> {
                    clientIds.add(clientId);
                    return credential;
                },
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static AppConfigurationEntry jaas(Map<String, ?> options) {
        return new AppConfigurationEntry(
                OAuthBearerLoginModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
    }
}
