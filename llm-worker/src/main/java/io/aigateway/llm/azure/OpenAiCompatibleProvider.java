package io.aigateway.llm.azure;

import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatModelProvider;
import io.aigateway.llm.chat.ProviderSettings;
import org.springframework.stereotype.Component;

/**
 * Provider type {@code openai-compatible}: any server speaking the OpenAI chat API (Ollama, vLLM, llama.cpp's server,
 * OpenAI itself) by base URL, through the same SDK and adapter as Azure (see {@link OpenAiClients}).
 */
@Component
public class OpenAiCompatibleProvider implements ChatModelProvider {

    public static final String NAME = "openai-compatible";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChatModel create() {
        throw new IllegalStateException(
                "openai-compatible needs settings: define an instance under gateway.llm.providers");
    }

    @Override
    public ChatModel create(String instance, ProviderSettings settings) {
        return new AzureOpenAiChatModel(instance, OpenAiClients.compatible(instance, settings), settings);
    }
}
