package io.aigateway.ingress.speech;

import io.aigateway.ingress.jobs.JobRequest;
import io.aigateway.ingress.jobs.JobSpec;
import io.aigateway.ingress.jobs.JobValidator;
import io.aigateway.ingress.jobs.JobsController;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The speech jobs, answered 202 like every job ({@link JobsController#accept}):
 *
 * <ul>
 *   <li>{@code POST /v1/speech/transcriptions}: audio (the raw body with its {@code Content-Type}, or a multipart
 *       {@code file}) to text; route {@code stt}. Options {@code language} and {@code phrases}; word timings always come with the transcript.
 *   <li>{@code POST /v1/speech/synthesis}: JSON {@code text} (+ {@code voice}, {@code language}) to speech; route
 *       {@code tts}. The audio is then at {@code GET /v1/jobs/{id}/audio}.
 *   <li>{@code POST /v1/voice}: a spoken question answered aloud; route {@code stt, rag, llm, tts}.
 * </ul>
 *
 * Audio is checked, converted to 16 kHz mono WAV and stored once before the job is published ({@link SpeechUploads});
 * the job carries its reference.
 */
@RestController("ingressSpeechController")
public class SpeechController {

    static final List<Step> TRANSCRIPTION = List.of(Step.STT);
    static final List<Step> VOICE = List.of(Step.STT, Step.RAG, Step.LLM, Step.TTS);

    private final JobsController jobs;
    private final JobValidator validator;
    private final SpeechUploads uploads;
    private final TenantResolver tenants;
    private final SpeechProperties properties;

    public SpeechController(
            JobsController jobs,
            JobValidator validator,
            SpeechUploads uploads,
            TenantResolver tenants,
            SpeechProperties properties) {
        this.jobs = jobs;
        this.validator = validator;
        this.uploads = uploads;
        this.tenants = tenants;
        this.properties = properties;
    }

    @PostMapping(path = "/v1/speech/transcriptions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public CompletableFuture<ResponseEntity<?>> transcribeForm(
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) List<String> phrases,
            HttpServletRequest request,
            HttpServletResponse response) {
        return audioJob(
                TRANSCRIPTION, bytes(file), partType(file), options(language, null), phrases, request, response);
    }

    @PostMapping(path = "/v1/speech/transcriptions")
    public CompletableFuture<ResponseEntity<?>> transcribeRaw(
            @RequestBody(required = false) byte[] body,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) List<String> phrases,
            HttpServletRequest request,
            HttpServletResponse response) {
        return audioJob(
                TRANSCRIPTION, body, request.getContentType(), options(language, null), phrases, request, response);
    }

    @PostMapping(path = "/v1/voice", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public CompletableFuture<ResponseEntity<?>> voiceForm(
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) String voice,
            HttpServletRequest request,
            HttpServletResponse response) {
        return audioJob(VOICE, bytes(file), partType(file), options(language, voice), null, request, response);
    }

    @PostMapping(path = "/v1/voice")
    public CompletableFuture<ResponseEntity<?>> voiceRaw(
            @RequestBody(required = false) byte[] body,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) String voice,
            HttpServletRequest request,
            HttpServletResponse response) {
        return audioJob(VOICE, body, request.getContentType(), options(language, voice), null, request, response);
    }

    @PostMapping(path = "/v1/speech/synthesis", consumes = MediaType.APPLICATION_JSON_VALUE)
    public CompletableFuture<ResponseEntity<?>> synthesize(
            @RequestBody SynthesisRequest body, HttpServletRequest request, HttpServletResponse response) {
        JobSpec spec = validator.job(new JobRequest(
                List.of(Step.TTS.id()),
                new JobRequest.Input(body.text(), null, null),
                options(body.language(), body.voice())));
        return jobs.accept(spec, request, response);
    }

    private CompletableFuture<ResponseEntity<?>> audioJob(
            List<Step> route,
            byte[] audio,
            String declaredType,
            JobOptions requested,
            List<String> phrases,
            HttpServletRequest request,
            HttpServletResponse response) {
        JobOptions options = validator.checkOptions(requested);
        checkPhrases(phrases);
        if (phrases != null && !split(phrases).isEmpty()) {
            options = options.withPhrases(split(phrases));
        }
        StoredAudio stored = uploads.store(tenants.tenantOf(request), audio, declaredType);
        return jobs.accept(new JobSpec(route, JobInput.ofAudio(stored.ref()), options), request, response);
    }

    /** Phrases are checked (count, length) so a client learns of a bad list at once; they travel in the options. */
    void checkPhrases(List<String> phrases) {
        if (phrases == null) {
            return;
        }
        List<String> all = split(phrases);
        List<FieldError> errors = new ArrayList<>();
        if (all.size() > properties.maxPhrases()) {
            errors.add(new FieldError("phrases", "at most " + properties.maxPhrases() + " phrases are allowed"));
        }
        for (String p : all) {
            if (p.length() > 200) {
                errors.add(new FieldError("phrases", "a phrase has more than 200 characters"));
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the phrase list is invalid", errors);
        }
    }

    /** Phrases come repeated ({@code phrases=a&phrases=b}) or comma-separated. */
    static List<String> split(List<String> phrases) {
        return phrases.stream()
                .flatMap(p -> Arrays.stream(p.split(",")))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .toList();
    }

    static JobOptions options(String language, String voice) {
        return new JobOptions(language, voice, null, null, null, null, null);
    }

    static byte[] bytes(MultipartFile file) {
        if (file == null) {
            throw new ApiException(
                    ProblemCode.EMPTY_AUDIO,
                    "the multipart body has no part named 'file'",
                    List.of(new FieldError("file", "is required")));
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String partType(MultipartFile file) {
        return file == null ? null : file.getContentType();
    }
}
