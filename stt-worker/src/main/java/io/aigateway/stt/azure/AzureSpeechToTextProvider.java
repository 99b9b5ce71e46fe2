package io.aigateway.stt.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.aigateway.stt.transcribe.SpeechToText;
import io.aigateway.stt.transcribe.SpeechToTextProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Offers Azure Speech recognition as provider {@code azure-speech}. Its settings are checked when it is selected: a
 * missing region or endpoint, or a key-less setup without an endpoint, stops the worker at start with what to set.
 * Without a key it signs in with the application's {@link TokenCredential} bean if there is one, else with
 * {@code DefaultAzureCredential} (managed identity in Azure); the SDK fetches and refreshes the token itself.
 */
@Component
public class AzureSpeechToTextProvider implements SpeechToTextProvider {

    public static final String NAME = "azure-speech";

    private final AzureSpeechRecognitionProperties properties;
    private final ObjectProvider<TokenCredential> credential;

    public AzureSpeechToTextProvider(
            AzureSpeechRecognitionProperties properties, ObjectProvider<TokenCredential> credential) {
        this.properties = properties;
        this.credential = credential;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpeechToText create() {
        if (!properties.problems().isEmpty()) {
            throw new IllegalStateException(
                    "provider azure-speech is not configured: " + String.join("; ", properties.problems()));
        }
        TokenCredential tokens = properties.hasKey()
                ? null
                : credential.getIfAvailable(() -> new DefaultAzureCredentialBuilder().build());
        return new AzureSpeechToText(properties, tokens);
    }
}
