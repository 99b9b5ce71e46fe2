package io.aigateway.llm.azure;

import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatModelProvider;
import io.aigateway.llm.chat.ProviderSettings;
import org.springframework.stereotype.Component;

/** Provider type {@code azure-openai}: Azure OpenAI deployments through the azure-ai-openai SDK. */
@Component
public class AzureOpenAiProvider implements ChatModelProvider {

    public static final String NAME = "azure-openai";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChatModel create() {
        throw new IllegalStateException("azure-openai needs settings: define an instance under gateway.llm.providers");
    }

    @Override
    public ChatModel create(String instance, ProviderSettings settings) {
        return new AzureOpenAiChatModel(instance, OpenAiClients.azure(instance, settings), settings);
    }
}
