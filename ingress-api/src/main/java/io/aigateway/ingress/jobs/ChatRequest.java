package io.aigateway.ingress.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobOptions;
import java.util.List;

/**
 * The body of {@code POST /v1/chat}: a question, the earlier turns of the conversation, and options. It becomes a job
 * with the route {@code [rag, llm]}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatRequest(String message, List<ChatMessage> messages, JobOptions options) {}
