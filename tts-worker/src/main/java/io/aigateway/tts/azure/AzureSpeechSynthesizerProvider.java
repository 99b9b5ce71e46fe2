package io.aigateway.tts.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SpeechSynthesizerProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Offers Azure Speech synthesis as provider {@code azure-speech}. Its settings are checked when it is selected: a
 * missing region or endpoint, or a key-less setup without an endpoint, stops the worker at start with what to set.
 * Without a key it signs in with the application's {@link TokenCredential} bean if there is one, else with
 * {@code DefaultAzureCredential} (managed identity in Azure).
 */
@Component
public class AzureSpeechSynthesizerProvider implements SpeechSynthesizerProvider {

    public static final String NAME = "azure-speech";

    private final AzureSpeechSynthesisProperties properties;
    private final ObjectProvider<TokenCredential> credential;

    public AzureSpeechSynthesizerProvider(
            AzureSpeechSynthesisProperties properties, ObjectProvider<TokenCredential> credential) {
        this.properties = properties;
        this.credential = credential;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpeechSynthesizer create() {
        if (!properties.problems().isEmpty()) {
            throw new IllegalStateException(
                    "provider azure-speech is not configured: " + String.join("; ", properties.problems()));
        }
        TokenCredential tokens = properties.hasKey()
                ? null
                : credential.getIfAvailable(() -> new DefaultAzureCredentialBuilder().build());
        return new AzureSpeechSynthesizer(properties, tokens);
    }
}
