package io.aigateway.ingress.speech;

import io.aigateway.audio.AudioException;
import io.aigateway.audio.Ffmpeg;
import io.aigateway.audio.WavDecoder;
import io.aigateway.ingress.correlation.Ids;
import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.jobs.JobAcceptedResponse;
import io.aigateway.ingress.jobs.JobRequest;
import io.aigateway.ingress.jobs.JobSpec;
import io.aigateway.ingress.jobs.JobSubmissions;
import io.aigateway.ingress.jobs.JobValidator;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * OpenAI-compatible speech, synchronous over the same pipeline: {@code POST /v1/audio/transcriptions} (multipart
 * {@code file}, {@code model}, {@code language}, {@code prompt}, {@code response_format}, {@code
 * timestamp_granularities[]}) and {@code POST /v1/audio/speech} (JSON {@code model}, {@code input}, {@code voice},
 * {@code response_format}, {@code speed}). Each submits a job exactly as the speech endpoints do and waits for it
 * ({@link JobWaiter}) up to {@code gateway.ingress.speech.sync-timeout}; a job still running then is answered 202 with
 * the job's ids and links (the body of every 202), so the client can follow it up. Errors come in OpenAI's shape
 * ({@link OpenAiErrors}). {@code model} is accepted and not used: the stt and tts providers are chosen by
 * configuration.
 */
@RestController("ingressOpenAiAudioController")
public class OpenAiAudioController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiAudioController.class);

    static final Set<String> TRANSCRIPT_FORMATS = Set.of("json", "text", "srt", "vtt", "verbose_json");
    static final Set<String> SPEECH_FORMATS = Set.of("wav", "pcm", "mp3", "opus", "aac", "flac");
    /** OpenAI's voice names: none is a local voice, so they mean the tts step's default voice. */
    static final Set<String> OPENAI_VOICES =
            Set.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse");

    private final JobSubmissions submissions;
    private final JobValidator validator;
    private final SpeechUploads uploads;
    private final TenantResolver tenants;
    private final JobWaiter waiter;
    private final BlobStore blobs;
    private final Duration timeout;
    private final Optional<Ffmpeg> ffmpeg;

    public OpenAiAudioController(
            JobSubmissions submissions,
            JobValidator validator,
            SpeechUploads uploads,
            TenantResolver tenants,
            JobWaiter waiter,
            BlobStore blobs,
            SpeechProperties properties) {
        this.submissions = submissions;
        this.validator = validator;
        this.uploads = uploads;
        this.tenants = tenants;
        this.waiter = waiter;
        this.blobs = blobs;
        this.timeout = properties.syncTimeout();
        this.ffmpeg = properties.ffmpeg() ? Ffmpeg.onPath(properties.ffmpegTimeout()) : Optional.empty();
    }

    @PostMapping("/v1/audio/transcriptions")
    public CompletableFuture<ResponseEntity<?>> transcriptions(
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) String prompt,
            @RequestParam(name = "response_format", required = false) String responseFormat,
            @RequestParam(name = "timestamp_granularities[]", required = false) List<String> granularities,
            HttpServletRequest request,
            HttpServletResponse response) {
        // a filter may have wrapped the request the DispatcherServlet resolved as multipart
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw new OpenAiError(
                    400, "Send the audio as multipart/form-data with a 'file' part.", "file", "invalid_request");
        }
        String format = responseFormat == null ? "json" : responseFormat.toLowerCase(Locale.ROOT);
        if (!TRANSCRIPT_FORMATS.contains(format)) {
            throw new OpenAiError(
                    400,
                    "response_format must be one of json, text, srt, vtt, verbose_json.",
                    "response_format",
                    "invalid_value");
        }
        boolean words = granularities != null && granularities.contains("word");
        boolean segments = granularities == null || granularities.isEmpty() || granularities.contains("segment");
        MultipartFile file = multipart.getFile("file");
        if (file == null) {
            throw new OpenAiError(400, "The 'file' part is required.", "file", "empty_audio");
        }
        JobOptions options = validator.checkOptions(SpeechController.options(language, null));
        String tenant = tenants.tenantOf(request);
        StoredAudio stored = uploads.store(tenant, SpeechController.bytes(file), file.getContentType());
        // prompt: OpenAI's is free text that guides style and spelling; a phrase list here restricts Vosk to the listed
        // phrases, so the prompt is accepted and not turned into one (the native endpoint takes phrases)
        JobSpec spec = new JobSpec(SpeechController.TRANSCRIPTION, JobInput.ofAudio(stored.ref()), options);
        return run(spec, tenant, request, response, state -> {
            var transcript = state.result().transcript();
            if (transcript == null) {
                return OpenAiErrors.response(502, "The job finished without a transcript.", null, "no_transcript");
            }
            return switch (format) {
                case "text" -> text(TranscriptFormats.text(transcript) + "\n", MediaType.TEXT_PLAIN);
                case "srt" -> text(TranscriptFormats.srt(transcript), MediaType.parseMediaType("application/x-subrip"));
                case "vtt" -> text(TranscriptFormats.vtt(transcript), MediaType.parseMediaType("text/vtt"));
                case "verbose_json" -> json(TranscriptFormats.verbose(transcript, segments, words));
                default -> json(TranscriptFormats.json(transcript));
            };
        });
    }

    @PostMapping("/v1/audio/speech")
    public CompletableFuture<ResponseEntity<?>> speech(
            @RequestBody OpenAiSpeechRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.input() == null || body.input().isBlank()) {
            throw new OpenAiError(400, "'input' is required.", "input", "missing_input");
        }
        String format =
                body.responseFormat() == null ? "wav" : body.responseFormat().toLowerCase(Locale.ROOT);
        if (!SPEECH_FORMATS.contains(format)) {
            throw new OpenAiError(
                    400,
                    "response_format must be one of wav, pcm, mp3, opus, aac, flac.",
                    "response_format",
                    "invalid_value");
        }
        if (!format.equals("wav") && !format.equals("pcm") && ffmpeg.isEmpty()) {
            throw new OpenAiError(
                    400,
                    "response_format " + format
                            + " needs ffmpeg, which is not installed on this server; use wav or pcm.",
                    "response_format",
                    "unsupported_response_format");
        }
        if (body.speed() != null && body.speed() != 1.0) {
            throw new OpenAiError(400, "Only speed 1.0 is supported.", "speed", "unsupported_value");
        }
        String voice =
                body.voice() == null || OPENAI_VOICES.contains(body.voice().toLowerCase(Locale.ROOT))
                        ? null
                        : body.voice();
        JobSpec spec = validator.job(new JobRequest(
                List.of(Step.TTS.id()),
                new JobRequest.Input(body.input(), null, null),
                SpeechController.options(null, voice)));
        String tenant = tenants.tenantOf(request);
        return run(spec, tenant, request, response, state -> {
            if (state.result().audio() == null) {
                return OpenAiErrors.response(502, "The job finished without audio.", null, "no_audio");
            }
            byte[] wav = blobs.read(state.result().audio());
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(contentType(format)))
                    .body(encode(wav, format));
        });
    }

    private byte[] encode(byte[] wav, String format) {
        return switch (format) {
            case "wav" -> wav;
            case "pcm" -> {
                WavDecoder.Header header = WavDecoder.header(wav);
                yield Arrays.copyOfRange(wav, header.dataOffset(), (int) (header.dataOffset() + header.dataSize()));
            }
            default -> ffmpeg.orElseThrow().encode(wav, format);
        };
    }

    static String contentType(String format) {
        return switch (format) {
            case "wav" -> "audio/wav";
            case "pcm" -> "audio/pcm";
            case "mp3" -> "audio/mpeg";
            case "opus" -> "audio/ogg";
            case "aac" -> "audio/aac";
            default -> "audio/flac";
        };
    }

    /** Submits, waits, and answers: the result, OpenAI's error for a failed job, or 202 naming the job. */
    private CompletableFuture<ResponseEntity<?>> run(
            JobSpec spec,
            String tenant,
            HttpServletRequest request,
            HttpServletResponse response,
            Function<JobState, ResponseEntity<?>> completed) {
        String jobId = Ids.random("job_");
        RequestCorrelation correlation = RequestCorrelation.forJob(request, response, jobId);
        return submissions
                .submit(jobId, spec, tenant, correlation.toKafka(jobId, tenant))
                .thenCompose(accepted -> waiter.await(jobId, tenant, timeout).thenApply(state -> {
                    if (state.isEmpty() || !state.get().status().isTerminal()) {
                        JobAcceptedResponse a = JobAcceptedResponse.of(accepted);
                        JobAcceptedResponse still = new JobAcceptedResponse(
                                a.jobId(),
                                a.correlationId(),
                                state.map(s -> s.status().id()).orElse(a.status()),
                                a.route(),
                                a.links());
                        return (ResponseEntity<?>) ResponseEntity.accepted()
                                .location(URI.create(still.links().self()))
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(Json.mapper().writeValueAsBytes(still));
                    }
                    if (state.get().status() != JobStatus.COMPLETED) {
                        return failed(state.get());
                    }
                    return completed.apply(state.get());
                }))
                .exceptionally(error -> {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof ApiException api) {
                        return answer(api);
                    }
                    log.warn("OpenAI audio job {} not accepted: {}", jobId, cause.toString());
                    return OpenAiErrors.response(
                            503,
                            "Kafka did not acknowledge the job in time; it was not accepted. Retry after 2 seconds.",
                            null,
                            "broker_unavailable",
                            "2");
                });
    }

    private static ResponseEntity<?> failed(JobState state) {
        ErrorInfo error = state.error();
        String code = error == null ? state.status().id() : error.code();
        String message = error == null ? "The job was " + state.status().id() + "." : error.message();
        int status = "invalid_input".equals(code) || (code != null && code.startsWith("unsupported")) ? 400 : 502;
        return OpenAiErrors.response(status, message + " (job " + state.jobId() + ")", null, code);
    }

    private static ResponseEntity<?> text(String body, MediaType type) {
        return ResponseEntity.ok()
                .contentType(new MediaType(type, StandardCharsets.UTF_8))
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<?> json(Object body) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(Json.mapper().writeValueAsBytes(body));
    }

    /** A refusal written directly in OpenAI's terms. */
    static final class OpenAiError extends RuntimeException {
        final int status;
        final String param;
        final String code;

        OpenAiError(int status, String message, String param, String code) {
            super(message);
            this.status = status;
            this.param = param;
            this.code = code;
        }
    }

    @ExceptionHandler(OpenAiError.class)
    ResponseEntity<byte[]> openAiError(OpenAiError e) {
        return OpenAiErrors.response(e.status, e.getMessage(), e.param, e.code);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> refused(ApiException e) {
        return answer(e);
    }

    private static ResponseEntity<byte[]> answer(ApiException e) {
        String param = e.errors().isEmpty() ? null : e.errors().get(0).field();
        if (param == null && e.getCause() instanceof AudioException) {
            param = "file";
        }
        return OpenAiErrors.response(
                e.code().status(), e.detail(), param, e.code().code(), e.retryAfterSeconds());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException e) {
        return OpenAiErrors.response(400, "The body is not valid JSON of the expected shape.", null, "invalid_json");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<byte[]> tooLarge(MaxUploadSizeExceededException e) {
        return OpenAiErrors.response(413, "The upload is too large.", "file", "payload_too_large");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<byte[]> multipart(MultipartException e) {
        return OpenAiErrors.response(
                400, "The multipart body cannot be read: " + e.getMessage(), "file", "invalid_request");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
        if (e instanceof org.springframework.web.ErrorResponse mvc
                && mvc.getStatusCode().value() < 500) {
            return OpenAiErrors.response(mvc.getStatusCode().value(), e.getMessage(), null, "invalid_request");
        }
        log.error("internal error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return OpenAiErrors.response(500, "An unexpected error occurred.", null, "internal_error");
    }
}
