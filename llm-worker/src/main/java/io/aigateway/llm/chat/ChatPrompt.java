package io.aigateway.llm.chat;

import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.Passage;
import java.util.ArrayList;
import java.util.List;

/**
 * The usual rendering of a {@link ChatRequest} as chat messages: the system prompt with the numbered passages, the
 * earlier turns, then the question. Adapters of chat-completion APIs send this; the mock counts its tokens.
 */
public final class ChatPrompt {

    private ChatPrompt() {}

    public static List<ChatMessage> messages(ChatRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.history().size() + 2);
        messages.add(new ChatMessage("system", system(request)));
        messages.addAll(request.history());
        messages.add(new ChatMessage("user", request.question()));
        return messages;
    }

    private static String system(ChatRequest request) {
        StringBuilder text = new StringBuilder(request.systemPrompt() == null ? "" : request.systemPrompt());
        if (!request.passages().isEmpty()) {
            text.append("\n\nSources:");
            int n = 1;
            for (Passage passage : request.passages()) {
                text.append("\n[")
                        .append(n++)
                        .append("] ")
                        .append(passage.title())
                        .append(": ")
                        .append(passage.text());
            }
        }
        return text.toString();
    }
}
