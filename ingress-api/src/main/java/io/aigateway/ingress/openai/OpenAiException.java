package io.aigateway.ingress.openai;

/** A request the OpenAI-compatible API refuses, with the error it answers. */
class OpenAiException extends RuntimeException {

    private final OpenAiError error;

    OpenAiException(OpenAiError error) {
        super(error.message());
        this.error = error;
    }

    OpenAiError error() {
        return error;
    }
}
