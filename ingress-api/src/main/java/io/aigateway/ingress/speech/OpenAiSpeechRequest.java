package io.aigateway.ingress.speech;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of OpenAI's {@code POST /v1/audio/speech}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenAiSpeechRequest(
        String model,
        String input,
        String voice,
        @JsonProperty("response_format") String responseFormat,
        Double speed,
        String instructions) {}
