package io.aigateway.ingress.batches;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a signed webhook and retries it with exponential backoff (with jitter) until a 2xx or {@code max-attempts}.
 * Every attempt carries the same delivery id, so a receiver that got an earlier attempt whose answer was lost can
 * dedupe; each attempt is signed afresh with its own timestamp. The URL is checked against the {@link UrlPolicy} before
 * every attempt (a name may come to resolve elsewhere) and redirects are not followed. Nothing waits on a thread between
 * attempts.
 *
 * <p>A delivery belongs to the {@link PartitionLease} of the record that asked for it. Once that lease is revoked (the
 * batch moved to another owner, which delivers it itself) no attempt starts: the retry waiting is cancelled and the
 * delivery ends with {@link PartitionLease.RevokedException}, an outcome nobody records. An attempt already in flight
 * runs out; if it delivered, that is the outcome.
 */
public final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final UrlPolicy policy;
    private final BatchProperties.Webhook settings;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "batch-webhook-retry");
        t.setDaemon(true);
        return t;
    });

    public WebhookSender(UrlPolicy policy, BatchProperties.Webhook settings, Clock clock) {
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** How a delivery ended. */
    public record Outcome(boolean delivered, int attempts, String error) {}

    /** A delivery under the lease of the record being handled on this thread ({@link PartitionLease#current()}). */
    public CompletableFuture<Outcome> deliver(String url, String secret, String deliveryId, byte[] body) {
        return deliver(url, secret, deliveryId, body, PartitionLease.current());
    }

    /** A delivery that stops when {@code lease} is revoked. */
    public CompletableFuture<Outcome> deliver(
            String url, String secret, String deliveryId, byte[] body, PartitionLease lease) {
        Delivery delivery = new Delivery(url, secret, deliveryId, body, lease);
        Runnable unregister = lease.onRevoke(delivery::revoked);
        delivery.result.whenComplete((outcome, error) -> unregister.run());
        delivery.attempt(1);
        return delivery.result;
    }

    /** One delivery's attempts. */
    private final class Delivery {
        final String url;
        final String secret;
        final String deliveryId;
        final byte[] body;
        final PartitionLease lease;
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        volatile boolean sending;
        volatile ScheduledFuture<?> pending;

        Delivery(String url, String secret, String deliveryId, byte[] body, PartitionLease lease) {
            this.url = url;
            this.secret = secret;
            this.deliveryId = deliveryId;
            this.body = body;
            this.lease = lease;
        }

        /** On revocation: the waiting retry is cancelled; an attempt in flight ends the delivery when it answers. */
        void revoked() {
            ScheduledFuture<?> waiting = pending;
            if (waiting != null) {
                waiting.cancel(false);
            }
            if (!sending) {
                giveUpToTheNextOwner();
            }
        }

        private void giveUpToTheNextOwner() {
            if (result.completeExceptionally(new PartitionLease.RevokedException(
                    "webhook " + deliveryId + ": the batch has a new owner, which delivers it"))) {
                log.info("webhook {}: its batch moved to another owner; no further attempt here", deliveryId);
            }
        }

        void attempt(int attempt) {
            sending = true;
            if (result.isDone()) {
                return;
            }
            if (lease.isRevoked()) {
                giveUpToTheNextOwner();
                return;
            }
            URI uri;
            try {
                uri = policy.parse(url, false);
                policy.addressesOf(uri.getHost());
            } catch (UrlRefusedException e) {
                // a refused address does not become allowed by waiting
                result.complete(new Outcome(false, attempt, "refused: " + e.getMessage()));
                return;
            }
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "ai-gateway-webhooks/1")
                    .header(WebhookSigner.DELIVERY_HEADER, deliveryId)
                    .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.signature(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                String failure = error != null
                        ? String.valueOf(error.getCause() != null ? error.getCause() : error)
                        : response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode();
                sending = false;
                if (failure == null) {
                    result.complete(new Outcome(true, attempt, null));
                    return;
                }
                if (lease.isRevoked()) {
                    // neither a retry nor a "given up" to record: the new owner delivers
                    giveUpToTheNextOwner();
                    return;
                }
                if (attempt >= settings.maxAttempts()) {
                    log.warn(
                            "webhook {} to {} given up after {} attempts: {}",
                            deliveryId,
                            uri.getHost(),
                            attempt,
                            failure);
                    result.complete(new Outcome(false, attempt, failure));
                    return;
                }
                long wait = backoffMillis(attempt);
                log.info("webhook {} attempt {} failed ({}); again in {} ms", deliveryId, attempt, failure, wait);
                pending = timer.schedule(() -> attempt(attempt + 1), wait, TimeUnit.MILLISECONDS);
                if (lease.isRevoked()) {
                    revoked(); // revoked while the retry was being scheduled
                }
            });
        }
    }

    private long backoffMillis(int attempt) {
        long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
