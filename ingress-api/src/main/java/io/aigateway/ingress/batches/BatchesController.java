package io.aigateway.ingress.batches;

import io.aigateway.ingress.correlation.Ids;
import io.aigateway.ingress.jobs.JobValidator;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.limits.TenantUsage;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.ingress.speech.TranscriptFormats;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRetry;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Batch transcription ({@code docs/api.md}, Batches): submit many recordings at once (a multipart upload or a JSON list
 * of URLs), follow the batch's progress (state, or a stream of progress events), read its results (JSON Lines, one
 * line per item; SRT and WebVTT per item) and run failed items again. A batch belongs to the tenant of the key that
 * submitted it; any other tenant's batch id answers the same 404 as an unknown one. Submissions and retries meet the
 * tenant's limits before anything is published ({@link BatchAdmission}).
 */
@RestController("ingressBatchesController")
public class BatchesController {

    static final MediaType JSON_LINES = new MediaType("application", "x-ndjson", StandardCharsets.UTF_8);
    static final MediaType SRT = new MediaType("application", "x-subrip", StandardCharsets.UTF_8);
    static final MediaType VTT = new MediaType("text", "vtt", StandardCharsets.UTF_8);

    private final BatchIntake intake;
    private final BatchLookup lookup;
    private final BatchEventStreams streams;
    private final JobLookup jobs;
    private final TenantResolver tenants;
    private final TenantPolicies policies;
    private final JobValidator validator;
    private final WebhookSigner signer;
    private final GatewayProducer producer;
    private final Clock clock;
    private final BatchAdmission admission;
    private final RequeuedItems requeued;
    private final Object[] retryLocks = new Object[64];

    public BatchesController(
            BatchIntake intake,
            BatchLookup lookup,
            BatchEventStreams streams,
            JobLookup jobs,
            TenantResolver tenants,
            TenantPolicies policies,
            JobValidator validator,
            WebhookSigner signer,
            GatewayProducer producer,
            Clock clock,
            TenantUsage usage,
            BatchProperties batches) {
        this.admission = new BatchAdmission(usage, policies, clock);
        // as long as a read right after a 202 may miss what the store has not folded yet (BatchLookup's window)
        this.requeued = new RequeuedItems(clock, Duration.ofMinutes(2));
        for (int i = 0; i < retryLocks.length; i++) {
            retryLocks[i] = new Object();
        }
        this.intake = intake;
        this.lookup = lookup;
        this.streams = streams;
        this.jobs = jobs;
        this.tenants = tenants;
        this.policies = policies;
        this.validator = validator;
        this.signer = signer;
        this.producer = producer;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/batches", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<byte[]> upload(
            @RequestPart(name = "file", required = false) List<MultipartFile> files,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) Boolean wordTimings,
            @RequestParam(required = false) Boolean redactPii,
            @RequestParam(required = false) String postCall,
            @RequestParam(required = false) String webhookUrl,
            HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        BatchIntake.Settings settings = settings(tenant, language, wordTimings, redactPii, postCall, webhookUrl);
        String batchId = Ids.random("bat_");
        BatchAdmission.Admitted admitted = admission.request(tenant, batchId);
        List<BatchIntake.Upload> uploads = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            try {
                uploads.add(new BatchIntake.Upload(
                        file.getOriginalFilename() == null ? "file-" + uploads.size() : file.getOriginalFilename(),
                        file.getBytes(),
                        file.getContentType()));
            } catch (IOException e) {
                admission.release(admitted);
                throw new UncheckedIOException(e);
            }
        }
        return admitted(batchId, tenant, admitted, () -> intake.fromUploads(tenant, uploads), "upload", settings);
    }

    @PostMapping(path = "/v1/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> byUrl(@RequestBody BatchRequest body, HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        BatchIntake.Settings settings = settings(
                tenant, body.language(), body.wordTimings(), body.redactPii(), body.postCall(), body.webhookUrl());
        List<BatchIntake.Link> links = new ArrayList<>();
        for (BatchRequest.UrlEntry entry : body.urls()) {
            if (entry == null || entry.url() == null) {
                throw new ApiException(
                        ProblemCode.INVALID_REQUEST,
                        "every entry of urls needs a url",
                        List.of(new FieldError("urls[" + links.size() + "]", "is required")));
            }
            links.add(new BatchIntake.Link(entry.url(), entry.name()));
        }
        String batchId = Ids.random("bat_");
        BatchAdmission.Admitted admitted = admission.request(tenant, batchId);
        return admitted(batchId, tenant, admitted, () -> intake.fromLinks(tenant, links), "urls", settings);
    }

    /**
     * The rest of a submission whose request was admitted: its items made (stored or downloaded), their audio counted
     * against the tenant's upload quota, the manifest published. Anything refused on the way gives the admission back.
     */
    private ResponseEntity<byte[]> admitted(
            String batchId,
            String tenant,
            BatchAdmission.Admitted request,
            Supplier<List<BatchItem>> items,
            String source,
            BatchIntake.Settings settings) {
        BatchAdmission.Admitted uploads = null;
        try {
            List<BatchItem> made = items.get();
            uploads = admission.uploads(tenant, batchId, 0, made);
            return accepted(intake.accept(batchId, tenant, source, settings, made));
        } catch (RuntimeException e) {
            admission.release(uploads);
            admission.release(request);
            throw e;
        }
    }

    @GetMapping("/v1/batches/{batchId}")
    public ResponseEntity<byte[]> get(@PathVariable String batchId, HttpServletRequest request) {
        BatchState batch = lookup.require(batchId, tenants.tenantOf(request));
        return json(HttpStatus.OK, BatchViews.batch(batch, clock.instant()));
    }

    @GetMapping(path = "/v1/batches/{batchId}/events")
    public SseEmitter events(
            @PathVariable String batchId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        lookup.require(batchId, tenant);
        long after = -1;
        if (lastEventId != null) {
            try {
                after = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(
                        ProblemCode.INVALID_REQUEST, "Last-Event-ID must be a progress event id (a number)");
            }
        }
        return streams.open(batchId, tenant, after);
    }

    @GetMapping("/v1/batches/{batchId}/results")
    public ResponseEntity<StreamingResponseBody> results(
            @PathVariable String batchId, @RequestParam(required = false) String status, HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        BatchState batch = lookup.require(batchId, tenant);
        JobStatus wanted = status == null ? null : status(status);
        List<BatchItemState> items = lookup.items(batch);
        StreamingResponseBody body = out -> {
            for (BatchItemState item : items) {
                if (wanted != null && item.status() != wanted) {
                    continue;
                }
                JobState job = item.status() == JobStatus.COMPLETED && item.jobId() != null
                        ? jobs.state(item.jobId(), tenant).orElse(null)
                        : null;
                writeLine(out, BatchViews.item(batch, item, job));
            }
        };
        return ResponseEntity.ok().contentType(JSON_LINES).body(body);
    }

    @GetMapping("/v1/batches/{batchId}/items/{index}/srt")
    public ResponseEntity<String> srt(
            @PathVariable String batchId, @PathVariable int index, HttpServletRequest request) {
        return ResponseEntity.ok().contentType(SRT).body(TranscriptFormats.srt(transcriptOf(batchId, index, request)));
    }

    @GetMapping("/v1/batches/{batchId}/items/{index}/vtt")
    public ResponseEntity<String> vtt(
            @PathVariable String batchId, @PathVariable int index, HttpServletRequest request) {
        return ResponseEntity.ok().contentType(VTT).body(TranscriptFormats.vtt(transcriptOf(batchId, index, request)));
    }

    /**
     * Runs the batch's failed items again (all of them, or those listed in {@code {"items": [indices]}}): each as a new
     * job (the next attempt), an item whose download failed downloaded again first. 202 with what was requeued. An
     * item whose retry is already queued or running (a double click, or a second client) is not run twice: it is
     * listed in {@code alreadyQueued}, and a retry that requeues nothing answers 200 with {@code requeued: 0}. The
     * batch's owner checks again as it dispatches ({@link BatchDispatcher}), whichever instance answered.
     */
    @PostMapping("/v1/batches/{batchId}/retry")
    public ResponseEntity<byte[]> retry(
            @PathVariable String batchId,
            @RequestBody(required = false) RetryRequest body,
            HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        lookup.require(batchId, tenant);
        Set<Integer> only = body == null || body.items() == null ? null : new HashSet<>(body.items());
        BatchAdmission.Admitted admitted = admission.request(tenant, Ids.random("retry_"));
        try {
            // one retry of a batch at a time on this instance: the second of a double click sees the first's items
            synchronized (retryLocks[Math.floorMod(batchId.hashCode(), retryLocks.length)]) {
                return retryLocked(batchId, tenant, only, admitted);
            }
        } catch (RuntimeException e) {
            admission.release(admitted);
            throw e;
        }
    }

    private ResponseEntity<byte[]> retryLocked(
            String batchId, String tenant, Set<Integer> only, BatchAdmission.Admitted admitted) {
        BatchState batch = lookup.require(batchId, tenant);
        List<BatchItem> again = new ArrayList<>();
        List<BatchIntake.Numbered> download = new ArrayList<>();
        List<Integer> alreadyQueued = new ArrayList<>();
        List<Map<String, Object>> notRetried = new ArrayList<>();
        for (BatchItemState item : lookup.items(batch)) {
            if (only != null && !only.contains(item.index())) {
                continue;
            }
            boolean requeuedHere = requeued.attempt(batchId, item.index()) > item.attempt();
            boolean retryUnderWay = item.attempt() > 0 && !item.status().isTerminal();
            if (requeuedHere || retryUnderWay) {
                alreadyQueued.add(item.index());
                continue;
            }
            boolean failed = item.status() == JobStatus.FAILED || item.status() == JobStatus.CANCELLED;
            if (!failed) {
                continue;
            }
            if (item.audio() != null) {
                again.add(new BatchItem(
                        item.index(), item.name(), item.sourceUrl(), item.audio(), item.audioSeconds(), null));
            } else if (item.sourceUrl() != null) {
                download.add(
                        new BatchIntake.Numbered(item.index(), new BatchIntake.Link(item.sourceUrl(), item.name())));
            } else {
                notRetried.add(skipped(item.index(), item.error()));
            }
        }
        // downloads again within the same bounds as a submission's
        for (BatchItem next : download.isEmpty() ? List.<BatchItem>of() : intake.download(tenant, download)) {
            if (next.audio() == null) {
                notRetried.add(skipped(next.index(), next.error()));
            } else {
                again.add(next);
            }
        }
        again.sort(Comparator.comparingInt(BatchItem::index));
        if (again.isEmpty() && alreadyQueued.isEmpty()) {
            throw new ApiException(
                    ProblemCode.NOTHING_TO_RETRY,
                    notRetried.isEmpty()
                            ? "the batch has no failed items" + (only == null ? "" : " among those listed")
                            : "none of the failed items could be had again");
        }
        int round = batch.round() + 1;
        if (!again.isEmpty()) {
            BatchAdmission.Admitted uploads = admission.uploads(tenant, batchId, round, again);
            again.forEach(i -> requeued.remember(batchId, i.index(), round));
            try {
                producer.send(
                                Topics.BATCHES,
                                batchId,
                                new BatchRetry(SchemaVersion.CURRENT, batchId, round, again, clock.instant()),
                                null)
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | InterruptedException e) {
                again.forEach(i -> requeued.forget(batchId, i.index(), round));
                admission.release(uploads);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new ApiException(
                        ProblemCode.BROKER_UNAVAILABLE, "the broker did not take the retry", List.of(), e);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("batchId", batchId);
        answer.put("round", again.isEmpty() ? batch.round() : round);
        answer.put("requeued", again.size());
        answer.put("retried", again.stream().map(BatchItem::index).toList());
        answer.put("alreadyQueued", alreadyQueued);
        answer.put("notRetried", notRetried);
        answer.put("links", BatchViews.links(batchId));
        return json(again.isEmpty() ? HttpStatus.OK : HttpStatus.ACCEPTED, answer);
    }

    private static Map<String, Object> skipped(int index, Object error) {
        Map<String, Object> skipped = new LinkedHashMap<>();
        skipped.put("index", index);
        skipped.put("error", error);
        return skipped;
    }

    /** {@code POST .../retry} body: the item indices to run again; absent, every failed item. */
    public record RetryRequest(List<Integer> items) {}

    // ---- helpers -------------------------------------------------------------------------------------------------

    private BatchIntake.Settings settings(
            String tenant, String language, Boolean wordTimings, Boolean redactPii, String postCall, String webhook) {
        if (postCall != null && !postCall.isBlank() && !"summary".equals(postCall.strip())) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "postCall is 'summary' or absent",
                    List.of(new FieldError("postCall", "must be 'summary'")));
        }
        validator.checkOptions(BatchIntakeOptions.of(language));
        String hook = webhook == null || webhook.isBlank() ? null : webhook.strip();
        if (hook != null) {
            try {
                intake.checkWebhook(hook);
            } catch (UrlRefusedException e) {
                throw new ApiException(
                        ProblemCode.URL_NOT_ALLOWED,
                        "the webhook URL may not be called: " + e.getMessage(),
                        List.of(new FieldError("webhookUrl", e.getMessage())));
            }
        }
        boolean redact = policies.redactPii(tenant, redactPii);
        return new BatchIntake.Settings(
                language == null || language.isBlank() ? null : language.strip(),
                !Boolean.FALSE.equals(wordTimings),
                redact,
                postCall == null || postCall.isBlank() ? null : "summary",
                hook);
    }

    private ResponseEntity<byte[]> accepted(BatchManifest m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batchId", m.batchId());
        body.put("status", "queued");
        body.put("total", m.items().size());
        body.put("accepted", m.items().stream().filter(i -> i.audio() != null).count());
        body.put("failed", m.items().stream().filter(i -> i.error() != null).count());
        body.put(
                "items",
                m.items().stream()
                        .map(i -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("index", i.index());
                            item.put("name", i.name());
                            item.put("status", i.error() == null ? "queued" : "failed");
                            if (i.error() != null) {
                                item.put("error", i.error());
                            }
                            return item;
                        })
                        .toList());
        if (m.webhookUrl() != null) {
            body.put("webhook", Map.of("url", m.webhookUrl(), "secret", signer.secretOf(m.batchId())));
        }
        body.put("links", BatchViews.links(m.batchId()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/v1/batches/" + m.batchId())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Json.mapper().writeValueAsBytes(body));
    }

    private io.aigateway.schemas.job.Transcript transcriptOf(String batchId, int index, HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        BatchState batch = lookup.require(batchId, tenant);
        BatchItemState item = lookup.items(batch).stream()
                .filter(i -> i.index() == index)
                .findFirst()
                .orElseThrow(
                        () -> new ApiException(ProblemCode.NOT_FOUND, "batch " + batchId + " has no item " + index));
        if (item.status() != JobStatus.COMPLETED || item.jobId() == null) {
            throw new ApiException(
                    ProblemCode.NOT_FOUND,
                    "item " + index + " has no transcript (it is "
                            + item.status().id() + ")");
        }
        return jobs.state(item.jobId(), tenant)
                .map(j -> j.result().transcript())
                .orElseThrow(() -> new ApiException(ProblemCode.NOT_FOUND, "item " + index + " has no transcript"));
    }

    private static JobStatus status(String value) {
        for (JobStatus s : JobStatus.values()) {
            if (s.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ApiException(
                ProblemCode.INVALID_REQUEST,
                "status is one of queued, running, completed, failed, cancelled",
                List.of(new FieldError("status", "unknown status '" + value + "'")));
    }

    private static void writeLine(OutputStream out, Map<String, Object> line) throws IOException {
        out.write(Json.mapper().writeValueAsBytes(line));
        out.write('\n');
    }

    private static ResponseEntity<byte[]> json(HttpStatus status, Object body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Json.mapper().writeValueAsBytes(body));
    }

    /** The options a batch's language is checked as. */
    private static final class BatchIntakeOptions {
        static io.aigateway.schemas.job.JobOptions of(String language) {
            return new io.aigateway.schemas.job.JobOptions(
                    language == null || language.isBlank() ? null : language.strip(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }
}
