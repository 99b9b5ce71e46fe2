package io.aigateway.ingress.jobs;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a submission and turns it into a {@link JobSpec}, or refuses it with the problem code that says why. Every
 * bound is here (route length, input length, number of messages, option ranges), so nothing unbounded reaches Kafka or
 * a provider. Plain logic: no Spring, no Kafka.
 */
public final class JobValidator {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final String STEPS =
            Arrays.stream(Step.values()).map(Step::id).collect(Collectors.joining(", "));
    private static final int MAX_NAME_CHARS = 100;

    private final SubmissionProperties limits;

    public JobValidator(SubmissionProperties limits) {
        this.limits = limits;
    }

    /** {@code POST /v1/jobs}: any non-empty route over the four steps. */
    public JobSpec job(JobRequest request) {
        if (request == null) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the body must be a JSON object");
        }
        List<Step> route = route(request.route());
        JobRequest.Input input = request.input();
        if (input != null && input.audio() != null) {
            throw new ApiException(
                    ProblemCode.AUDIO_NOT_SUPPORTED_HERE,
                    "input.audio is not accepted in a JSON body; audio is uploaded to the speech endpoints, which "
                            + "store it and start the job with a reference to it");
        }
        if (route.get(0) == Step.STT) {
            throw new ApiException(
                    ProblemCode.MISSING_INPUT,
                    "the route starts with stt, which needs audio; audio jobs are submitted through the speech "
                            + "endpoints");
        }
        String text = input == null ? null : input.text();
        List<ChatMessage> messages = input == null || input.messages() == null ? List.of() : input.messages();
        return checked(route, text, messages, request.options(), "input.text", "input.messages");
    }

    /** {@code POST /v1/chat}: retrieval, then the LLM. */
    public JobSpec chat(ChatRequest request) {
        if (request == null) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the body must be a JSON object");
        }
        if (request.message() == null || request.message().isBlank()) {
            throw new ApiException(ProblemCode.MISSING_INPUT, "message is required");
        }
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        return checked(
                List.of(Step.RAG, Step.LLM), request.message(), messages, request.options(), "message", "messages");
    }

    private List<Step> route(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ApiException(ProblemCode.EMPTY_ROUTE, "route must name at least one step of " + STEPS);
        }
        if (names.size() > limits.maxRouteLength()) {
            throw new ApiException(
                    ProblemCode.ROUTE_TOO_LONG,
                    "route has " + names.size() + " steps; at most " + limits.maxRouteLength() + " are allowed");
        }
        List<Step> route = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Optional<Step> step = Step.find(names.get(i));
            if (step.isEmpty()) {
                throw new ApiException(
                        ProblemCode.UNKNOWN_STEP, "route[" + i + "] is '" + names.get(i) + "'; steps are " + STEPS);
            }
            route.add(step.get());
        }
        return route;
    }

    private JobSpec checked(
            List<Step> route,
            String text,
            List<ChatMessage> messages,
            JobOptions options,
            String textField,
            String messagesField) {
        List<FieldError> errors = new ArrayList<>();
        if (messages.size() > limits.maxMessages()) {
            errors.add(new FieldError(messagesField, "at most " + limits.maxMessages() + " messages are allowed"));
        }
        long chars = text == null ? 0 : text.length();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String field = messagesField + "[" + i + "]";
            if (m == null) {
                errors.add(new FieldError(field, "must be an object with role and content"));
                continue;
            }
            if (m.role() == null || !ROLES.contains(m.role())) {
                errors.add(new FieldError(field + ".role", "must be one of system, user, assistant"));
            }
            if (m.content() == null) {
                errors.add(new FieldError(field + ".content", "is required"));
            } else {
                chars += m.content().length();
            }
        }
        JobOptions checkedOptions = options == null ? JobOptions.defaults() : options;
        errors.addAll(options(checkedOptions));
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the request has invalid fields", errors);
        }
        if (chars > limits.maxInputChars()) {
            throw new ApiException(
                    ProblemCode.INPUT_TOO_LONG,
                    "the input has " + chars + " characters (" + textField + " and " + messagesField
                            + " together); at most " + limits.maxInputChars() + " are allowed");
        }
        boolean hasText = text != null && !text.isBlank();
        Step first = route.get(0);
        if (first == Step.TTS && !hasText) {
            throw new ApiException(ProblemCode.MISSING_INPUT, "the route starts with tts, which needs " + textField);
        }
        if (!hasText && messages.isEmpty()) {
            throw new ApiException(
                    ProblemCode.MISSING_INPUT,
                    "the route starts with " + first.id() + ", which needs " + textField + " or " + messagesField);
        }
        return new JobSpec(route, new JobInput(text, messages, null), checkedOptions);
    }

    /**
     * Checks a job's options alone, for the speech endpoints (whose input is audio, stored by reference): {@code
     * invalid_request} naming every bad field.
     */
    public JobOptions checkOptions(JobOptions options) {
        JobOptions checked = options == null ? JobOptions.defaults() : options;
        List<FieldError> errors = options(checked);
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the request has invalid fields", errors);
        }
        return checked;
    }

    private List<FieldError> options(JobOptions o) {
        List<FieldError> errors = new ArrayList<>();
        if (o.maxTokens() != null && (o.maxTokens() < 1 || o.maxTokens() > limits.maxTokens())) {
            errors.add(new FieldError("options.maxTokens", "must be between 1 and " + limits.maxTokens()));
        }
        if (o.temperature() != null && !(o.temperature() >= 0 && o.temperature() <= 2)) {
            errors.add(new FieldError("options.temperature", "must be between 0 and 2"));
        }
        if (o.topK() != null && (o.topK() < 1 || o.topK() > limits.maxTopK())) {
            errors.add(new FieldError("options.topK", "must be between 1 and " + limits.maxTopK()));
        }
        name(o.language(), "options.language", errors);
        name(o.voice(), "options.voice", errors);
        name(o.model(), "options.model", errors);
        if (o.mockProviders() != null) {
            // a load test's marker, put on replayed jobs by gatewayctl on Kafka: a client does not choose providers
            errors.add(
                    new FieldError("options.mockProviders", "is set only by gatewayctl replay, not through the API"));
        }
        return errors;
    }

    private static void name(String value, String field, List<FieldError> errors) {
        if (value != null && (value.isBlank() || value.length() > MAX_NAME_CHARS)) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_NAME_CHARS + " characters"));
        }
    }
}
