package io.aigateway.llm.azure;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletionStreamOptions;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestAssistantMessage;
import com.azure.ai.openai.models.ChatRequestMessage;
import com.azure.ai.openai.models.ChatRequestSystemMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.CompletionsUsage;
import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatPrompt;
import io.aigateway.llm.chat.ChatRequest;
import io.aigateway.llm.chat.ChatResponse;
import io.aigateway.llm.chat.ProviderSettings;
import io.aigateway.llm.chat.TokenListener;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.schemas.job.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat model served through the {@code azure-ai-openai} SDK: an Azure OpenAI deployment, or (with the base URL
 * rewritten, see {@link OpenAiClients}) any server speaking the OpenAI chat API. Streams with
 * {@code getChatCompletionsStream}, asking for the usage chunk; when the service sends none, the tokens are counted
 * here (about four characters per token) and the answer says they are estimates. A stream that ends without a finish
 * reason broke off: it fails as {@code provider_unavailable}, never as a finished answer.
 */
public final class AzureOpenAiChatModel implements ChatModel {

    private final String instance;
    private final OpenAIClient client;
    private final ProviderSettings settings;

    public AzureOpenAiChatModel(String instance, OpenAIClient client, ProviderSettings settings) {
        this.instance = instance;
        this.client = client;
        this.settings = settings;
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenListener tokens) {
        List<ChatMessage> prompt = ChatPrompt.messages(request);
        ChatCompletionsOptions options = new ChatCompletionsOptions(messages(prompt))
                .setMaxTokens(request.maxTokens())
                .setTemperature(request.temperature());
        String deployment = settings.deploymentFor(request.model());
        try {
            return settings.streaming()
                    ? streamed(request, prompt, deployment, options, tokens)
                    : whole(request, prompt, deployment, options, tokens);
        } catch (StepException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.classify(instance, e);
        }
    }

    private ChatResponse whole(
            ChatRequest request,
            List<ChatMessage> prompt,
            String deployment,
            ChatCompletionsOptions options,
            TokenListener tokens) {
        ChatCompletions completions = client.getChatCompletions(deployment, options);
        if (completions.getChoices() == null || completions.getChoices().isEmpty()) {
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, instance + ": the answer holds no choice");
        }
        ChatChoice choice = completions.getChoices().get(0);
        String text = choice.getMessage() == null || choice.getMessage().getContent() == null
                ? ""
                : choice.getMessage().getContent();
        String finish = finishReason(choice);
        tokens.token(text);
        return response(request, prompt, completions.getModel(), text, finish, completions.getUsage(), 0);
    }

    private ChatResponse streamed(
            ChatRequest request,
            List<ChatMessage> prompt,
            String deployment,
            ChatCompletionsOptions options,
            TokenListener tokens) {
        var stream = settings.streamUsage()
                ? client.getChatCompletionsStream(
                        deployment, options, new ChatCompletionStreamOptions().setIncludeUsage(true))
                : client.getChatCompletionsStream(deployment, options);
        StringBuilder text = new StringBuilder();
        String finish = null;
        String model = null;
        CompletionsUsage usage = null;
        int pieces = 0;
        for (ChatCompletions chunk : stream) {
            if (chunk.getModel() != null && !chunk.getModel().isBlank()) {
                model = chunk.getModel();
            }
            if (chunk.getUsage() != null) {
                usage = chunk.getUsage();
            }
            if (chunk.getChoices() == null) {
                continue;
            }
            for (ChatChoice choice : chunk.getChoices()) {
                if (choice.getIndex() != 0) {
                    continue;
                }
                if (choice.getDelta() != null && choice.getDelta().getContent() != null) {
                    String piece = choice.getDelta().getContent();
                    if (!piece.isEmpty()) {
                        pieces++;
                        text.append(piece);
                        tokens.token(piece);
                    }
                }
                if (choice.getFinishReason() != null) {
                    finish = finishReason(choice);
                }
            }
        }
        if (finish == null) {
            throw StepException.retryable(
                    ErrorCodes.PROVIDER_UNAVAILABLE,
                    instance + ": the stream ended without a finish reason after " + text.length() + " characters");
        }
        return response(request, prompt, model, text.toString(), finish, usage, pieces);
    }

    private String finishReason(ChatChoice choice) {
        String reason = choice.getFinishReason() == null
                ? null
                : choice.getFinishReason().toString();
        if ("content_filter".equals(reason)) {
            throw StepException.permanent(
                    ErrorCodes.CONTENT_FILTERED, instance + ": the provider's content filter stopped the answer");
        }
        return "length".equals(reason) ? ChatResponse.LENGTH : ChatResponse.STOP;
    }

    private static ChatResponse response(
            ChatRequest request,
            List<ChatMessage> prompt,
            String servedModel,
            String text,
            String finish,
            CompletionsUsage usage,
            int pieces) {
        String model = servedModel != null && !servedModel.isBlank() ? servedModel : request.model();
        if (usage != null) {
            return new ChatResponse(text, model, usage.getPromptTokens(), usage.getCompletionTokens(), finish, false);
        }
        int promptTokens = prompt.stream()
                .mapToInt(m -> ChatResponse.estimateTokens(m.content()) + 4) // role and separators
                .sum();
        int completionTokens = Math.max(pieces, ChatResponse.estimateTokens(text));
        return new ChatResponse(text, model, promptTokens, completionTokens, finish, true);
    }

    private static List<ChatRequestMessage> messages(List<ChatMessage> prompt) {
        List<ChatRequestMessage> messages = new ArrayList<>(prompt.size());
        for (ChatMessage m : prompt) {
            String content = m.content() == null ? "" : m.content();
            messages.add(
                    switch (m.role() == null ? "user" : m.role()) {
                        case "system" -> new ChatRequestSystemMessage(content);
                        case "assistant" -> new ChatRequestAssistantMessage(content);
                        default -> new ChatRequestUserMessage(content);
                    });
        }
        return messages;
    }
}
