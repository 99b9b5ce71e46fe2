package io.aigateway.ingress.batches;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.speech.SpeechUploads;
import io.aigateway.ingress.speech.StoredAudio;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Topics;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes a batch out of recordings: each one checked, converted to 16 kHz mono WAV and stored once ({@link
 * SpeechUploads}), or first downloaded within the URL policy ({@link AudioFetcher}); a recording that cannot be had
 * becomes a failed item with its reason, the others go ahead. The manifest is then published to {@code gw.batches} and
 * acknowledged by the broker before anyone hears of the batch: what got a 202 is durable in Kafka, not in this process.
 * The batch's owner (the {@link BatchDispatcher} that reads the manifest's partition) publishes the items' jobs.
 */
public final class BatchIntake {

    /** Manifests stay well under Event Hubs' 1 MB record limit. */
    static final int MAX_MANIFEST_BYTES = 900 * 1024;

    private final SpeechUploads uploads;
    private final AudioFetcher fetcher;
    private final GatewayProducer producer;
    private final BatchLookup lookup;
    private final BatchProperties properties;
    private final ExecutorService downloads;
    private final Clock clock;
    private final UrlPolicy webhookPolicy;
    private final FetchLimits fetchLimits;

    public BatchIntake(
            SpeechUploads uploads,
            AudioFetcher fetcher,
            GatewayProducer producer,
            BatchLookup lookup,
            BatchProperties properties,
            ExecutorService downloads,
            Clock clock,
            UrlPolicy webhookPolicy) {
        this(
                uploads,
                fetcher,
                producer,
                lookup,
                properties,
                downloads,
                clock,
                webhookPolicy,
                FetchLimits.of(properties.fetch()));
    }

    /** @param fetchLimits each request's share of the download pool and its time for downloads */
    BatchIntake(
            SpeechUploads uploads,
            AudioFetcher fetcher,
            GatewayProducer producer,
            BatchLookup lookup,
            BatchProperties properties,
            ExecutorService downloads,
            Clock clock,
            UrlPolicy webhookPolicy,
            FetchLimits fetchLimits) {
        this.webhookPolicy = webhookPolicy;
        this.uploads = uploads;
        this.fetcher = fetcher;
        this.producer = producer;
        this.lookup = lookup;
        this.properties = properties;
        this.downloads = downloads;
        this.clock = clock;
        this.fetchLimits = fetchLimits;
    }

    /** A recording uploaded in the request. */
    public record Upload(String name, byte[] bytes, String contentType) {}

    /** A recording by URL. */
    public record Link(String url, String name) {}

    /** What every item of a batch gets, as the request asked. */
    public record Settings(
            String language, boolean wordTimings, boolean redactPii, String postCall, String webhookUrl) {

        List<Step> route() {
            return "summary".equals(postCall) ? List.of(Step.STT, Step.LLM) : List.of(Step.STT);
        }

        JobOptions options() {
            return new JobOptions(language, null, null, null, null, null, redactPii ? Boolean.TRUE : null);
        }
    }

    /** Items of uploaded recordings, in the order given. */
    public List<BatchItem> fromUploads(String tenantId, List<Upload> files) {
        checkCount(files.size(), "file");
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Upload f = files.get(i);
            items.add(stored(tenantId, i, f.name(), null, f.bytes(), f.contentType()));
        }
        return items;
    }

    /**
     * Items of recordings by URL. Every URL is checked against the policy first, without fetching anything: one refused
     * URL refuses the whole batch (400 {@code url_not_allowed}), so nothing is fetched for a request that names an
     * internal address. Then the downloads run, a few at a time ({@link #download}).
     */
    public List<BatchItem> fromLinks(String tenantId, List<Link> links) {
        checkCount(links.size(), "url");
        List<FieldError> refused = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            try {
                fetcher.check(links.get(i).url());
            } catch (UrlRefusedException e) {
                refused.add(new FieldError("urls[" + i + "]", e.getMessage()));
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiException(
                    ProblemCode.URL_NOT_ALLOWED,
                    refused.size() + " of the batch's URLs may not be fetched; nothing was fetched or accepted",
                    refused);
        }
        List<Numbered> numbered = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            numbered.add(new Numbered(i, links.get(i)));
        }
        return download(tenantId, numbered);
    }

    /** A recording by URL with the index of its item. */
    public record Numbered(int index, Link link) {}

    /**
     * The items of these recordings, downloaded on the shared pool within the request's {@link FetchLimits}: at most
     * {@code perRequest} at once, all of them within {@code requestTimeout}. A recording that cannot be had is a failed
     * item; a request that runs out of time is refused as a whole (504 {@code fetch_timeout}), and nothing of it is
     * published.
     */
    public List<BatchItem> download(String tenantId, List<Numbered> links) {
        long deadline = System.nanoTime() + fetchLimits.requestTimeout().toNanos();
        Semaphore slots = new Semaphore(fetchLimits.perRequest());
        AtomicBoolean outOfTime = new AtomicBoolean();
        List<CompletableFuture<BatchItem>> pending = new ArrayList<>();
        try {
            for (Numbered n : links) {
                if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    outOfTime.set(true);
                    break;
                }
                CompletableFuture<BatchItem> one;
                try {
                    one = CompletableFuture.supplyAsync(
                            () -> downloaded(tenantId, n.index(), n.link(), deadline, outOfTime), downloads);
                } catch (RuntimeException e) {
                    slots.release();
                    throw e;
                }
                one.whenComplete((item, error) -> slots.release());
                pending.add(one);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            outOfTime.set(true);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a download failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outOfTime.set(true);
        }
        if (outOfTime.get()) {
            pending.forEach(p -> p.cancel(false));
            throw new ApiException(
                    ProblemCode.FETCH_TIMEOUT,
                    "the batch's " + links.size() + " recordings could not all be downloaded within "
                            + fetchLimits.requestTimeout().toSeconds() + " s (" + fetchLimits.perRequest()
                            + " at a time); nothing was accepted: send fewer recordings per batch, or faster ones");
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** One URL's item: downloaded and stored, or failed with the reason. Never throws for the recording's faults. */
    BatchItem downloaded(String tenantId, int index, Link link) {
        return downloaded(tenantId, index, link, Long.MAX_VALUE, new AtomicBoolean());
    }

    private BatchItem downloaded(String tenantId, int index, Link link, long deadline, AtomicBoolean outOfTime) {
        String name = link.name() != null && !link.name().isBlank() ? link.name() : lastSegment(link.url());
        if (outOfTime.get()) {
            return failed(index, name, link.url(), "fetch_timeout", "the request ran out of time first");
        }
        try {
            AudioFetcher.Download download = fetcher.fetch(link.url(), deadline);
            return stored(tenantId, index, name, link.url(), download.bytes(), download.contentType());
        } catch (UrlRefusedException e) {
            return failed(index, name, link.url(), ProblemCode.URL_NOT_ALLOWED.code(), e.getMessage());
        } catch (AudioFetcher.FetchException e) {
            if (System.nanoTime() - deadline >= 0) {
                outOfTime.set(true); // cut off by the request's deadline, not by the recording's own fault
            }
            return failed(index, name, link.url(), e.code(), e.getMessage());
        }
    }

    private BatchItem stored(String tenantId, int index, String name, String url, byte[] bytes, String type) {
        try {
            StoredAudio audio = uploads.store(tenantId, bytes, type);
            return new BatchItem(index, name, url, audio.ref(), audio.audio().durationSeconds(), null);
        } catch (ApiException e) {
            return failed(index, name, url, e.code().code(), e.detail());
        }
    }

    private static BatchItem failed(int index, String name, String url, String code, String message) {
        boolean retryable = code.startsWith("fetch_");
        return new BatchItem(index, name, url, null, null, new ErrorInfo(code, message, retryable));
    }

    /** Checks a webhook URL against the webhook policy (resolving its host); throws {@link UrlRefusedException}. */
    public void checkWebhook(String url) {
        URI uri = webhookPolicy.parse(url, false);
        webhookPolicy.addressesOf(uri.getHost());
    }

    /** Publishes the manifest and waits for the broker; 503 {@code broker_unavailable} when it does not answer. */
    public BatchManifest accept(
            String batchId, String tenantId, String source, Settings settings, List<BatchItem> items) {
        BatchManifest manifest = BatchManifest.of(
                batchId,
                tenantId,
                source,
                clock.instant(),
                settings.route(),
                settings.options(),
                settings.wordTimings(),
                settings.postCall(),
                settings.webhookUrl(),
                items);
        int size = Topics.BATCH_RECORD.serialize(Topics.BATCHES.name(), manifest).length;
        if (size > MAX_MANIFEST_BYTES) {
            throw new ApiException(
                    ProblemCode.BATCH_TOO_LARGE,
                    "the batch's manifest would have " + size + " bytes; split it into smaller batches");
        }
        try {
            producer.send(Topics.BATCHES, batchId, manifest, null).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(
                    ProblemCode.BROKER_UNAVAILABLE,
                    "the broker did not take the batch; nothing was accepted",
                    List.of(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ProblemCode.BROKER_UNAVAILABLE, "interrupted", List.of(), e);
        }
        lookup.accepted(manifest);
        return manifest;
    }

    private void checkCount(int count, String what) {
        if (count == 0) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "a batch needs at least one recording",
                    List.of(new FieldError(what.equals("file") ? "file" : "urls", "is required")));
        }
        if (count > properties.maxItems()) {
            throw new ApiException(
                    ProblemCode.BATCH_TOO_LARGE,
                    "a batch holds at most " + properties.maxItems() + " recordings, this one " + count);
        }
    }

    static String lastSegment(String url) {
        try {
            String path = URI.create(url).getPath();
            if (path == null || path.isEmpty() || path.endsWith("/")) {
                return url;
            }
            return path.substring(path.lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
