package io.aigateway.schemas.job;

/** A retrieved chunk of a document, with where it came from and how well it matched. */
public record Passage(String documentId, String title, int chunk, String text, double score, String source) {}
