package io.aigateway.ingress.openai;

import io.aigateway.ingress.correlation.Ids;
import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.events.EventFeed;
import io.aigateway.ingress.jobs.JobRequest;
import io.aigateway.ingress.jobs.JobSpec;
import io.aigateway.ingress.jobs.JobSubmissions;
import io.aigateway.ingress.jobs.JobValidator;
import io.aigateway.ingress.jobs.SubmissionProperties;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteCatalog;
import io.aigateway.schemas.event.JobCancelled;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible chat API over the gateway's pipeline: {@code POST /v1/chat/completions} becomes a job with route
 * {@code [llm]} (or {@code [rag, llm]} when the model's route retrieves first), submitted like any other, and its events
 * from this instance's {@link EventFeed} become OpenAI's answer: one {@code chat.completion}, or a stream of
 * {@code chat.completion.chunk} lines ({@code delta}, {@code finish_reason}, usage when asked, {@code [DONE]}). A job
 * that fails before its first token answers with OpenAI's error shape and a fitting status; one that fails after it
 * ends the stream with an error object and no {@code [DONE]}. {@code GET /v1/models} lists the routes' models.
 */
@RestController
public class ChatCompletionsController {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "developer");
    private static final MediaType EVENT_STREAM = MediaType.parseMediaType("text/event-stream;charset=UTF-8");

    private final JobValidator validator;
    private final JobSubmissions submissions;
    private final TenantResolver tenants;
    private final EventFeed feed;
    private final RouteCatalog routes;
    private final Duration deadline;
    private final Clock clock;

    public ChatCompletionsController(
            JobValidator validator,
            JobSubmissions submissions,
            TenantResolver tenants,
            EventFeed feed,
            @Qualifier("openAiRouteCatalog") RouteCatalog routes,
            SubmissionProperties submission,
            Clock clock) {
        this.validator = validator;
        this.submissions = submissions;
        this.tenants = tenants;
        this.feed = feed;
        this.routes = routes;
        this.deadline = submission.defaultDeadline();
        this.clock = clock;
    }

    /** OpenAI's shapes carry explicit nulls ({@code finish_reason}, {@code param}), which the messages' mapper omits. */
    private static final JsonMapper OPENAI_JSON = JsonMapper.builder().build();

    static byte[] json(Object value) {
        return OPENAI_JSON.writeValueAsBytes(value);
    }

    @GetMapping("/v1/models")
    public ResponseEntity<byte[]> models(HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        List<Map<String, Object>> data = new ArrayList<>();
        for (ModelRoute route : routes.current().routesFor(tenant)) {
            data.add(model(route.model()));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json(list));
    }

    @GetMapping("/v1/models/{id}")
    public ResponseEntity<?> model(@PathVariable String id, HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        if (routes.current().find(tenant, id).filter(r -> r.model().equals(id)).isEmpty()) {
            return error(new OpenAiError(
                    404,
                    "The model '" + id + "' does not exist",
                    "invalid_request_error",
                    "model",
                    "model_not_found",
                    null));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json(model(id)));
    }

    @PostMapping("/v1/chat/completions")
    public CompletableFuture<ResponseEntity<?>> complete(
            @RequestBody ChatCompletionRequest body, HttpServletRequest request, HttpServletResponse response) {
        String tenant = tenants.tenantOf(request);
        ModelRoute route = check(body, tenant);
        JobSpec spec = validator.job(new JobRequest(
                route.retrieval() ? List.of(Step.RAG.id(), Step.LLM.id()) : List.of(Step.LLM.id()),
                new JobRequest.Input(null, messages(body), null),
                new JobOptions(null, null, route.model(), body.tokenLimit(), body.temperature(), null, null)));
        String jobId = Ids.random("job_");
        RequestCorrelation correlation = RequestCorrelation.forJob(request, response, jobId);
        Completion completion = new Completion(
                "chatcmpl-" + jobId.substring(4), clock.instant().getEpochSecond(), route.model(), body.includeUsage());
        JobFollower follower = new JobFollower(jobId, completion, body.streaming());
        feed.subscribe(jobId, follower); // before the job exists: no event can be missed
        try {
            submissions
                    .submit(jobId, spec, tenant, correlation.toKafka(jobId, tenant))
                    .whenComplete((accepted, error) -> {
                        if (error != null) {
                            log.warn("chat completion job {} not accepted: {}", jobId, error.toString());
                            follower.fail(new OpenAiError(
                                    503,
                                    "Kafka did not acknowledge the job in time; it was not accepted. Retry after 2 seconds.",
                                    "server_error",
                                    null,
                                    "broker_unavailable",
                                    "2"));
                        }
                    });
        } catch (RuntimeException e) {
            feed.unsubscribe(jobId, follower);
            throw e;
        }
        response.setHeader("X-Job-Id", jobId);
        return follower.answer
                .orTimeout(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                .exceptionally(error -> {
                    feed.unsubscribe(jobId, follower);
                    if (error instanceof TimeoutException || error.getCause() instanceof TimeoutException) {
                        return error(new OpenAiError(
                                504, "the job did not end in time", "server_error", null, "deadline_exceeded", null));
                    }
                    return error(new OpenAiError(500, "internal error", "server_error", null, "internal_error", null));
                });
    }

    private ModelRoute check(ChatCompletionRequest body, String tenant) {
        if (body == null) {
            throw new OpenAiException(OpenAiError.invalid("the body must be a JSON object", null, "invalid_request"));
        }
        if (body.model() == null || body.model().isBlank()) {
            throw new OpenAiException(
                    OpenAiError.invalid("you must provide a model parameter", "model", "missing_model"));
        }
        if (body.messages() == null || body.messages().isEmpty()) {
            throw new OpenAiException(
                    OpenAiError.invalid("messages must hold at least one message", "messages", "missing_messages"));
        }
        for (int i = 0; i < body.messages().size(); i++) {
            ChatCompletionRequest.Message m = body.messages().get(i);
            if (m == null || m.role() == null || !ROLES.contains(m.role())) {
                throw new OpenAiException(OpenAiError.invalid(
                        "messages[" + i + "].role must be one of system, developer, user, assistant",
                        "messages[" + i + "].role",
                        "invalid_value"));
            }
            if (m.text() == null) {
                throw new OpenAiException(OpenAiError.invalid(
                        "messages[" + i + "].content must be a string or an array of text parts",
                        "messages[" + i + "].content",
                        "invalid_value"));
            }
        }
        ChatCompletionRequest.Message last = body.messages().get(body.messages().size() - 1);
        if (!"user".equals(last.role())) {
            throw new OpenAiException(
                    OpenAiError.invalid("the last message must be the user's", "messages", "invalid_value"));
        }
        if (body.n() != null && body.n() != 1) {
            throw new OpenAiException(OpenAiError.invalid("only n=1 is supported", "n", "unsupported_value"));
        }
        return routes.current()
                .find(tenant, body.model())
                .filter(r -> r.model().equals(body.model().trim()))
                .orElseThrow(() -> new OpenAiException(new OpenAiError(
                        404,
                        "The model '" + body.model() + "' does not exist or you do not have access to it.",
                        "invalid_request_error",
                        "model",
                        "model_not_found",
                        null)));
    }

    private static List<ChatMessage> messages(ChatCompletionRequest body) {
        return body.messages().stream()
                .map(m -> new ChatMessage("developer".equals(m.role()) ? "system" : m.role(), m.text()))
                .toList();
    }

    private static Map<String, Object> model(String id) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", 0);
        model.put("owned_by", "ai-gateway");
        return model;
    }

    @ExceptionHandler(OpenAiException.class)
    ResponseEntity<?> openAi(OpenAiException e) {
        return error(e.error());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<?> refused(ApiException e) {
        String param = e.errors().isEmpty() ? null : e.errors().get(0).field();
        String message = e.errors().isEmpty()
                ? e.detail()
                : e.detail() + ": " + e.errors().get(0).field() + " "
                        + e.errors().get(0).message();
        int status = e.code().status();
        return error(new OpenAiError(
                status, message, OpenAiError.typeFor(status), param, e.code().code(), e.retryAfterSeconds()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable(HttpMessageNotReadableException e) {
        return error(OpenAiError.invalid(
                "the body is not valid JSON or does not fit the chat completion request", null, "malformed_json"));
    }

    static ResponseEntity<?> error(OpenAiError error) {
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON);
        if (error.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, error.retryAfter());
        }
        return answer.body(json(error.body()));
    }

    /** The fixed parts of one completion's answer. */
    record Completion(String id, long created, String model, boolean includeUsage) {

        Map<String, Object> chunk(Map<String, Object> delta, String finishReason) {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("logprobs", null);
            choice.put("finish_reason", finishReason);
            Map<String, Object> chunk = head("chat.completion.chunk");
            chunk.put("choices", List.of(choice));
            if (includeUsage) {
                chunk.put("usage", null);
            }
            return chunk;
        }

        Map<String, Object> usageChunk(Answer answer) {
            Map<String, Object> chunk = head("chat.completion.chunk");
            chunk.put("choices", List.of());
            chunk.put("usage", usage(answer));
            return chunk;
        }

        Map<String, Object> whole(Answer answer) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", answer.text());
            message.put("refusal", null);
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("message", message);
            choice.put("logprobs", null);
            choice.put("finish_reason", answer.finishReason() == null ? "stop" : answer.finishReason());
            Map<String, Object> completion = head("chat.completion");
            completion.put("choices", List.of(choice));
            completion.put("usage", usage(answer));
            return completion;
        }

        private Map<String, Object> head(String object) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("id", id);
            head.put("object", object);
            head.put("created", created);
            head.put("model", model);
            head.put("system_fingerprint", null);
            return head;
        }

        private static Map<String, Object> usage(Answer answer) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("prompt_tokens", answer.promptTokens());
            usage.put("completion_tokens", answer.completionTokens());
            usage.put("total_tokens", answer.promptTokens() + answer.completionTokens());
            return usage;
        }
    }

    /**
     * Follows one job's events (on the feed's thread, so it never blocks: writes go through the emitter, which
     * Spring buffers until the response is ready). Completes {@link #answer} at the first event that decides the
     * response's status: a token (streaming: 200 and the stream), the end of the job, or its failure.
     */
    private final class JobFollower implements EventFeed.Listener {
        final CompletableFuture<ResponseEntity<?>> answer = new CompletableFuture<>();
        private final String jobId;
        private final Completion completion;
        private final boolean streaming;
        private ResponseBodyEmitter emitter;
        private long lastSeq = -1;
        private boolean ended;

        JobFollower(String jobId, Completion completion, boolean streaming) {
            this.jobId = jobId;
            this.completion = completion;
            this.streaming = streaming;
        }

        @Override
        public synchronized void onEvent(JobEvent event) {
            if (ended || event.seq() <= lastSeq) {
                return; // a repeat (redelivery): each event counts once
            }
            lastSeq = event.seq();
            if (event instanceof StepDelta delta && delta.step() == Step.LLM) {
                token(delta.text());
            } else if (event instanceof JobCompleted done) {
                completed(done);
            } else if (event instanceof JobFailed failed) {
                fail(OpenAiError.ofJobFailure(
                        failed.error().code(), failed.error().message()));
            } else if (event instanceof JobCancelled cancelled) {
                fail(new OpenAiError(
                        409,
                        "the job was cancelled: " + cancelled.reason(),
                        "invalid_request_error",
                        null,
                        "cancelled",
                        null));
            }
        }

        private void token(String text) {
            if (!streaming || text == null || text.isEmpty()) {
                return;
            }
            if (emitter == null) {
                start();
                send(completion.chunk(Map.of("role", "assistant", "content", ""), null));
            }
            send(completion.chunk(Map.of("content", text), null));
        }

        private void completed(JobCompleted done) {
            Answer answer = done.result() == null ? null : done.result().answer();
            if (answer == null) {
                fail(new OpenAiError(
                        500, "the job ended without an answer", "server_error", null, "internal_error", null));
                return;
            }
            end();
            if (!streaming) {
                this.answer.complete(ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(json(completion.whole(answer))));
                return;
            }
            if (emitter == null) {
                start();
                send(completion.chunk(Map.of("role", "assistant", "content", ""), null));
            }
            send(completion.chunk(Map.of(), answer.finishReason() == null ? "stop" : answer.finishReason()));
            if (completion.includeUsage()) {
                send(completion.usageChunk(answer));
            }
            raw("data: [DONE]\n\n");
            emitter.complete();
        }

        synchronized void fail(OpenAiError error) {
            if (ended) {
                return;
            }
            end();
            if (emitter == null) {
                answer.complete(error(error));
                return;
            }
            // the stream has begun: the status is sent; the error goes as an error object, and no [DONE] follows
            send(error.body());
            emitter.complete();
        }

        private void start() {
            emitter = new ResponseBodyEmitter(deadline.toMillis() + 5_000);
            emitter.onCompletion(() -> feed.unsubscribe(jobId, this));
            emitter.onError(e -> feed.unsubscribe(jobId, this));
            emitter.onTimeout(() -> feed.unsubscribe(jobId, this));
            answer.complete(ResponseEntity.ok()
                    .contentType(EVENT_STREAM)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .body(emitter));
        }

        private void end() {
            ended = true;
            feed.unsubscribe(jobId, this);
        }

        private void send(Map<String, Object> data) {
            raw("data: " + OPENAI_JSON.writeValueAsString(data) + "\n\n");
        }

        private void raw(String text) {
            try {
                emitter.send(text, MediaType.TEXT_PLAIN);
            } catch (IOException | IllegalStateException e) {
                log.debug("chat completion stream of job {} closed by the client: {}", jobId, e.toString());
                ended = true;
                feed.unsubscribe(jobId, this);
            }
        }
    }
}
