package io.aigateway.ingress.batches;

import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.pipeline.kafka.DeadLetters;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.IngestRequest;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchQueries;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Reads {@code gw.ingest} (consumer group {@value #GROUP}): each {@link IngestRequest} becomes a batch of the tenant
 * its feed is bound to by configuration, exactly as a {@code POST /v1/batches} with URLs would, the tenant's PII
 * policy included. A record that cannot be read, names a feed the gateway does not know, breaks the contract, names a
 * URL the policy refuses, or is refused as the same {@code POST} would be with a 4xx problem that retrying does not
 * cure ({@code batch_too_large}, ...) goes to {@code gw.dlt} as it was, with the reason in its {@code
 * x-dlt-error-message} header, and the feed moves on: it would fail the same way every time. Anything else is taken for
 * a passing fault and the record is tried again (by the {@link TopicWorker}, with a growing pause) until it goes
 * through: a problem its code calls retryable ({@code broker_unavailable}: the broker did not take the manifest), a 5xx
 * problem, the result store not answering, any other error of the gateway's own. A dead letter there would drop a valid request on
 * a broker's bad minute; the cost of waiting instead is the partition's offset held back (visible as the group's lag)
 * and the recordings fetched again at each try. The batch id is derived from feed and request id, so a request
 * published twice is one batch.
 */
public final class IngestFeed {

    public static final String GROUP = "gw-ingest";

    private static final Logger log = LoggerFactory.getLogger(IngestFeed.class);
    private static final Pattern FEED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REQUEST = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Map<String, BatchProperties.Feed> feeds;
    private final BatchIntake intake;
    private final TenantPolicies policies;
    private final BatchQueries queries;
    private final DeadLetters deadLetters;
    private final ExecutorService work;
    private final int maxItems;
    /**
     * Records whose downloads ran out of time, with how many times. Slow recordings may be a server's bad minute, so
     * such a record is tried again; recordings that are always too slow would be fetched again forever, so after
     * {@value #MAX_FETCH_TIMEOUTS} tries the record goes to {@code gw.dlt}. Only records being tried are here.
     */
    private final Map<String, Integer> slowFetches = new ConcurrentHashMap<>();

    static final int MAX_FETCH_TIMEOUTS = 5;

    public IngestFeed(
            BatchProperties properties,
            BatchIntake intake,
            TenantPolicies policies,
            BatchQueries queries,
            GatewayProducer producer,
            ExecutorService work) {
        this.feeds = properties.feeds();
        this.maxItems = properties.maxItems();
        this.intake = intake;
        this.policies = policies;
        this.queries = queries;
        this.deadLetters = new DeadLetters(producer);
        this.work = work;
    }

    /** A record the feed must not have sent, with the reason the dead letter carries. */
    static final class InvalidIngestRecord extends RuntimeException {
        InvalidIngestRecord(String reason) {
            super(reason);
        }

        InvalidIngestRecord(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    public CompletableFuture<?> handle(ConsumerRecord<byte[], byte[]> record) {
        return CompletableFuture.supplyAsync(() -> record, work).<Object>thenCompose(r -> {
            try {
                ingest(r);
                slowFetches.remove(key(r));
                return CompletableFuture.completedFuture(null);
            } catch (InvalidIngestRecord e) {
                return refuse(r, e);
            } catch (ApiException e) {
                if (e.code() == ProblemCode.FETCH_TIMEOUT && slowFetch(r) >= MAX_FETCH_TIMEOUTS) {
                    slowFetches.remove(key(r));
                    return refuse(
                            r,
                            new InvalidIngestRecord(
                                    reasonOf(e) + " (" + MAX_FETCH_TIMEOUTS + " tries, each past its time)", e));
                }
                if (e.code().retryable() || e.code().status() >= 500) {
                    throw e; // not the request's fault: the TopicWorker tries the record again
                }
                return refuse(r, new InvalidIngestRecord(reasonOf(e), e));
            }
        });
    }

    /** How many times this record's downloads have now run out of time. */
    private int slowFetch(ConsumerRecord<byte[], byte[]> r) {
        return slowFetches.merge(key(r), 1, Integer::sum);
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    private CompletableFuture<Object> refuse(ConsumerRecord<byte[], byte[]> r, InvalidIngestRecord e) {
        log.warn("gw.ingest record at {}@{} refused: {}", r.partition(), r.offset(), e.getMessage());
        return deadLetters.send(r, e, 1).thenApply(sent -> sent);
    }

    /** The problem as its answer would say it: code, detail, and each field's complaint. */
    private static String reasonOf(ApiException e) {
        StringBuilder reason = new StringBuilder(e.code().code()).append(": ").append(e.detail());
        e.errors()
                .forEach(f -> reason.append("; ").append(f.field()).append(": ").append(f.message()));
        return reason.toString();
    }

    private void ingest(ConsumerRecord<byte[], byte[]> record) {
        IngestRequest request;
        try {
            request = record.value() == null ? null : Json.mapper().readValue(record.value(), IngestRequest.class);
        } catch (JacksonException e) {
            throw new InvalidIngestRecord(
                    "not an ingest request (ingest-request.schema.json): " + e.getOriginalMessage());
        }
        if (request == null) {
            throw new InvalidIngestRecord("the record has no value");
        }
        if (request.feedId() == null || !FEED.matcher(request.feedId()).matches()) {
            throw new InvalidIngestRecord("feedId is missing or malformed");
        }
        BatchProperties.Feed feed = feeds.get(request.feedId());
        if (feed == null || feed.tenant() == null || feed.tenant().isBlank()) {
            throw new InvalidIngestRecord(
                    "unknown feed '" + request.feedId() + "': no gateway.ingress.batches.feeds entry");
        }
        if (request.requestId() == null || !REQUEST.matcher(request.requestId()).matches()) {
            throw new InvalidIngestRecord("requestId is missing or malformed");
        }
        List<IngestRequest.Recording> recordings = request.recordings();
        if (recordings.isEmpty() || recordings.size() > maxItems) {
            throw new InvalidIngestRecord(
                    "recordings must hold 1 to " + maxItems + " entries, not " + recordings.size());
        }
        if (request.postCall() != null && !"summary".equals(request.postCall())) {
            throw new InvalidIngestRecord("postCall must be 'summary' or absent, not '" + request.postCall() + "'");
        }
        String batchId = batchIdOf(request.feedId(), request.requestId());
        if (queries.batch(batchId).isPresent()) {
            log.info(
                    "ingest request {} of feed {} is batch {} already; skipped",
                    request.requestId(),
                    request.feedId(),
                    batchId);
            return;
        }
        List<BatchIntake.Link> links = recordings.stream()
                .map(r -> new BatchIntake.Link(r.url(), r.name()))
                .toList();
        if (request.webhookUrl() != null) {
            try {
                intake.checkWebhook(request.webhookUrl());
            } catch (UrlRefusedException e) {
                throw new InvalidIngestRecord("webhookUrl refused: " + e.getMessage());
            }
        }
        // the webhook is checked before anything is fetched; a refused recording URL refuses the batch unfetched too
        List<BatchItem> items = intake.fromLinks(feed.tenant(), links);
        BatchIntake.Settings settings = new BatchIntake.Settings(
                request.language(),
                !Boolean.FALSE.equals(request.wordTimings()),
                // as on POST /v1/batches: the feed may ask for redaction, the tenant's policy may require it
                policies.redactPii(feed.tenant(), request.redactPii()),
                request.postCall(),
                request.webhookUrl());
        intake.accept(batchId, feed.tenant(), "ingest:" + request.feedId(), settings, items);
        log.info(
                "ingest request {} of feed {} accepted as batch {} ({} recordings)",
                request.requestId(),
                request.feedId(),
                batchId,
                items.size());
    }

    /** {@code bat_} and 32 base32 characters of SHA-256 over feed and request id. */
    public static String batchIdOf(String feedId, String requestId) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((feedId + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder("bat_");
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 20; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
