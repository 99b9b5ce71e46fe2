package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * One request's downloads on the shared pool, against a media server on loopback whose recordings never finish
 * arriving: the request takes at most its share of the pool at once, and when its time is up it is refused as a whole
 * ({@code fetch_timeout}) and its downloads are cut off, so the pool's threads are free for other tenants at once, not
 * after each download's own (much longer) timeout.
 */
class BatchDownloadLimitsTest {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch end = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final ThreadPoolExecutor pool =
            new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
    private HttpServer slow;

    @BeforeEach
    void start() throws Exception {
        slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(serverThreads);
        slow.createContext("/slow/", exchange -> {
            requests.incrementAndGet();
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                exchange.getResponseHeaders().add("Content-Type", "audio/wav");
                exchange.sendResponseHeaders(200, 1_000_000);
                exchange.getResponseBody().write(new byte[16]); // a trickle, then nothing until the test ends
                exchange.getResponseBody().flush();
                end.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the gateway hung up
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        slow.start();
    }

    @AfterEach
    void stop() {
        end.countDown();
        slow.stop(0);
        serverThreads.shutdownNow();
        pool.shutdownNow();
    }

    @Test
    void aRequestOfManySlowUrlsTakesItsShareOfThePoolAndGivesItBackWhenItsTimeIsUp() {
        BatchProperties.Fetch fetch = new BatchProperties.Fetch(
                List.of("127.0.0.1"),
                List.of("127.0.0.0/8"),
                DataSize.ofMegabytes(25),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                4);
        BatchProperties properties = new BatchProperties(
                true,
                1000,
                Duration.ofHours(24),
                fetch,
                new BatchProperties.Webhook(
                        null,
                        true,
                        List.of(),
                        List.of(),
                        1,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                Map.of(),
                Duration.ofMillis(250),
                Duration.ofSeconds(15));
        FetchLimits limits = new FetchLimits(2, Duration.ofSeconds(2));
        // nothing may be stored or published: the uploads, the producer and the lookup are absent
        BatchIntake intake = new BatchIntake(
                null,
                new AudioFetcher(new UrlPolicy(fetch.allowedHosts(), fetch.allowedNetworks()), fetch),
                null,
                null,
                properties,
                pool,
                Clock.systemUTC(),
                new UrlPolicy(List.of(), List.of()),
                limits);
        String base = "http://127.0.0.1:" + slow.getAddress().getPort() + "/slow/";
        List<BatchIntake.Link> links = IntStream.range(0, 8)
                .mapToObj(i -> new BatchIntake.Link(base + i + ".wav", null))
                .toList();

        assertThatThrownBy(() -> intake.fromLinks("acme", links)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ProblemCode.FETCH_TIMEOUT);
            assertThat(e.code().status()).isEqualTo(504);
            assertThat(e.detail()).contains("nothing was accepted");
        });
        assertThat(mostAtOnce.get()).as("downloads of the request at once").isLessThanOrEqualTo(2);
        assertThat(requests.get()).as("downloads started").isLessThan(links.size());
        // the cut-off downloads give their threads back now, not when the 60 s of fetch.timeout are up
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getActiveCount() == 0);
    }
}
