package io.aigateway.ingress.speech;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of {@code POST /v1/speech/synthesis}: the text to speak, and optionally the voice and language. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SynthesisRequest(String text, String voice, String language) {}
