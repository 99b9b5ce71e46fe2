package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.pipeline.config.KafkaSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook being retried by the owner of its batch's partition, when a rebalance moves that partition to another
 * instance: the new owner reads the uncommitted completion again and delivers it, and the old owner makes no further
 * attempt, so the receiver never has two owners' deliveries under way at once. Two {@link TopicWorker}s of one group on
 * a topic of two partitions, on the test JVM's broker, each handing every record to a real {@link WebhookSender} as the
 * dispatcher does; the receiver answers 503 to everything, so deliveries retry for as long as they are allowed to. Each
 * handling of a record posts to its own path, so the receiver tells the deliveries apart.
 */
class WebhookOwnershipIT {

    /** One request the receiver got: its order of arrival and the handling it belongs to. */
    record Hit(int seq, int run) {}

    /** One handling of a record: which worker, which partition. */
    record Run(String worker, int partition) {}

    private final KafkaSettings kafka = KafkaSettings.local(System.getProperty("spring.embedded.kafka.brokers"));
    private final String topic = "test.webhook-owner-" + UUID.randomUUID();
    private final String group = "test-webhook-owner-" + UUID.randomUUID();
    private final AtomicInteger seq = new AtomicInteger();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final Map<Integer, Run> runOf = new ConcurrentHashMap<>();
    private final BatchProperties.Webhook settings = new BatchProperties.Webhook(
            null,
            true,
            List.of(),
            List.of("127.0.0.0/8"),
            100_000,
            Duration.ofMillis(40),
            Duration.ofMillis(80),
            Duration.ofSeconds(5));
    private final WebhookSender sender = new WebhookSender(
            new UrlPolicy(settings.allowedHosts(), settings.allowedNetworks()), settings, Clock.systemUTC());
    private HttpServer receiver;
    private TopicWorker a;
    private TopicWorker b;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.add(new Hit(seq.incrementAndGet(), Integer.parseInt(path.substring("/hook/".length()))));
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stop() {
        for (TopicWorker worker : new TopicWorker[] {a, b}) {
            if (worker != null) {
                worker.stop();
            }
        }
        sender.close();
        receiver.stop(0);
    }

    @Test
    void aPartitionThatMovesTakesItsWebhookRetriesAlongAndTheOldOwnerStops() throws Exception {
        a = worker("a");
        a.start();
        publish(0, "bat_zero");
        publish(1, "bat_one");
        await().atMost(Duration.ofSeconds(60)).until(() -> runsOn("a") == 2 && everyRunRetried(2));

        b = worker("b");
        b.start();
        // the cooperative assignor moves one of a's two partitions to b, which reads its record again
        await().atMost(Duration.ofSeconds(60)).until(() -> runsOn("b") == 1 && everyRunRetried(3));
        int moved = runOf.entrySet().stream()
                .filter(e -> e.getValue().worker().equals("b"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .partition();
        int newRun = runOfWorkerOn("b", moved);
        int oldRun = runOfWorkerOn("a", moved);
        int keptRun = runOfWorkerOn("a", 1 - moved);
        int firstOfNewOwner = hitsOf(newRun).get(0).seq();
        // let both owners go on for a while: the new owner's delivery and a's delivery of the partition it kept
        int until = seq.get() + 12;
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        hitsOf(newRun).size() >= 4 && hitsOf(keptRun).stream().anyMatch(h -> h.seq() > until));

        assertThat(hitsOf(oldRun))
                .as("attempts of a's delivery of partition %d after b began delivering it", moved)
                .allSatisfy(h -> assertThat(h.seq()).isLessThan(firstOfNewOwner));
        assertThat(runOf.values()).as("handlings of the records").hasSize(3);
    }

    private TopicWorker worker(String name) {
        Function<ConsumerRecord<byte[], byte[]>, java.util.concurrent.CompletableFuture<?>> handler = record -> {
            int run = runs.incrementAndGet();
            runOf.put(run, new Run(name, record.partition()));
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + run;
            // as BatchDispatcher.announce does: the delivery takes the lease of the record being handled
            return sender.deliver(url, "whsec_test", new String(record.key(), StandardCharsets.UTF_8), record.value());
        };
        KafkaSettings own =
                new KafkaSettings(kafka.bootstrapServers(), 2, (short) 1, false, "owner-" + name, null, null, null);
        return new TopicWorker("owner-" + name, topic, group, own, handler);
    }

    private void publish(int partition, String batchId) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            partition,
                            batchId.getBytes(StandardCharsets.UTF_8),
                            "{\"type\":\"batch.completed\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private long runsOn(String worker) {
        return runOf.values().stream().filter(r -> r.worker().equals(worker)).count();
    }

    /** Every handling so far got at least two attempts (it is retrying), and there are {@code count} of them. */
    private boolean everyRunRetried(int count) {
        return runOf.size() == count
                && runOf.keySet().stream().allMatch(run -> hitsOf(run).size() >= 2);
    }

    private int runOfWorkerOn(String worker, int partition) {
        return runOf.entrySet().stream()
                .filter(e -> e.getValue().equals(new Run(worker, partition)))
                .mapToInt(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError(worker + " never handled partition " + partition));
    }

    private List<Hit> hitsOf(int run) {
        return hits.stream().filter(h -> h.run() == run).toList();
    }
}
