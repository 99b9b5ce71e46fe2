package io.aigateway.schemas.job;

/** A recognised word with its start and end in seconds from the start of the audio, and a confidence in [0, 1]. */
public record Word(String word, double start, double end, double confidence) {}
