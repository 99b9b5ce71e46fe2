package io.aigateway.schemas.job;

import java.util.List;

/**
 * What the job starts from: a text (a question, or the text to speak), earlier turns of a conversation, or audio by
 * reference.
 */
public record JobInput(String text, List<ChatMessage> messages, BlobRef audio) {

    public JobInput {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public static JobInput ofText(String text) {
        return new JobInput(text, List.of(), null);
    }

    public static JobInput ofAudio(BlobRef audio) {
        return new JobInput(null, List.of(), audio);
    }
}
