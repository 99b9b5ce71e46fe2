package io.aigateway.ingress.batches;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    public CompletableFuture<Outcome> deliver(String url, String secret, String deliveryId, byte[] body) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        attempt(url, secret, deliveryId, body, 1, result);
        return result;
    }

    private void attempt(
            String url, String secret, String deliveryId, byte[] body, int attempt, CompletableFuture<Outcome> result) {
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
            if (failure == null) {
                result.complete(new Outcome(true, attempt, null));
                return;
            }
            if (attempt >= settings.maxAttempts()) {
                log.warn(
                        "webhook {} to {} given up after {} attempts: {}", deliveryId, uri.getHost(), attempt, failure);
                result.complete(new Outcome(false, attempt, failure));
                return;
            }
            long wait = backoffMillis(attempt);
            log.info("webhook {} attempt {} failed ({}); again in {} ms", deliveryId, attempt, failure, wait);
            timer.schedule(
                    () -> attempt(url, secret, deliveryId, body, attempt + 1, result), wait, TimeUnit.MILLISECONDS);
        });
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
