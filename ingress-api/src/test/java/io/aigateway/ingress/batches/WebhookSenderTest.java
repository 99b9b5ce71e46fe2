package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery and the lease of the record that asked for it, against a real receiver on loopback that answers 503: once
 * the lease is revoked the delivery ends as revoked (not as given up, which would be recorded) and starts no attempt.
 */
class WebhookSenderTest {

    private final BatchProperties.Webhook settings = new BatchProperties.Webhook(
            null,
            true,
            List.of(),
            List.of("127.0.0.0/8"),
            1000,
            Duration.ofMillis(20),
            Duration.ofMillis(40),
            Duration.ofSeconds(5));
    private final WebhookSender sender = new WebhookSender(
            new UrlPolicy(settings.allowedHosts(), settings.allowedNetworks()), settings, Clock.systemUTC());
    private final AtomicInteger hits = new AtomicInteger();
    private HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.stop(0);
    }

    @Test
    void aRevokedLeaseEndsTheRetriesAsRevokedAndStartsNoAttempt() {
        PartitionLease lease = new PartitionLease();
        CompletableFuture<WebhookSender.Outcome> retrying =
                sender.deliver(url(), "whsec_test", "bat_a-r0", body(), lease);
        await().atMost(Duration.ofSeconds(30)).until(() -> hits.get() >= 3);

        lease.revoke();

        await().atMost(Duration.ofSeconds(30)).until(retrying::isDone);
        assertThat(retrying).isCancelled(); // completed with PartitionLease.RevokedException: no outcome to record
        int seen = hits.get();

        CompletableFuture<WebhookSender.Outcome> late = sender.deliver(url(), "whsec_test", "bat_b-r0", body(), lease);
        assertThat(late).isCancelled();
        assertThat(hits)
                .as("requests after the lease was revoked and its delivery ended")
                .hasValue(seen);
    }

    @Test
    void aDeliveryOutsideAWorkerKeepsTheNeverRevokedLeaseAndGivesUpAfterItsAttempts() {
        WebhookSender few = new WebhookSender(
                new UrlPolicy(List.of(), List.of("127.0.0.0/8")),
                new BatchProperties.Webhook(
                        null,
                        true,
                        List.of(),
                        List.of("127.0.0.0/8"),
                        3,
                        Duration.ofMillis(10),
                        Duration.ofMillis(20),
                        Duration.ofSeconds(5)),
                Clock.systemUTC());
        try {
            WebhookSender.Outcome outcome =
                    few.deliver(url(), "whsec_test", "bat_c-r0", body()).join();
            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.attempts()).isEqualTo(3);
            assertThat(outcome.error()).isEqualTo("answered 503");
            assertThat(hits).hasValue(3);
        } finally {
            few.close();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static byte[] body() {
        return "{\"type\":\"batch.completed\"}".getBytes(StandardCharsets.UTF_8);
    }
}
