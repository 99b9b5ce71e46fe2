package io.aigateway.schemas.job;

/** One turn of a conversation; {@code role} is {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {}
