package io.aigateway.load;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Open-model load on the gateway: requests start at a fixed rate whatever the answers do, and each latency is taken
 * from the moment the request was due, not sent, so a stall is not hidden (no coordinated omission).
 *
 * <p>Modes: {@code accept} measures submit to 202; {@code chain} measures submit to the job's {@code completed} event,
 * read from {@code gw.events} by a consumer of its own.
 *
 * <pre>
 * ./mvnw -q -pl infra/load exec:java -Dexec.args="--mode chain --rate 500 --duration 30 --warmup 10"
 * </pre>
 */
public final class LoadGenerator {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String url = opts.getOrDefault("url", "http://localhost:8080");
        String mode = opts.getOrDefault("mode", "accept");
        int rate = Integer.parseInt(opts.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(opts.getOrDefault("duration", "30"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        String path = opts.getOrDefault("path", "/v1/chat");
        String body = opts.getOrDefault("body", "{\"message\":\"How do I reset my password?\"}");
        String bootstrap = opts.getOrDefault("bootstrap", "localhost:9092");

        LoadGenerator generator = new LoadGenerator(URI.create(url + path), body, mode.equals("chain"), bootstrap);
        System.out.printf(
                "load: %s %s at %d/s, warm-up %d s, measured %d s%n", mode, url + path, rate, warmup, seconds);
        generator.run(rate, warmup, false);
        Result result = generator.run(rate, seconds, true);
        result.print(mode, rate);
        generator.close();
        System.exit(0);
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI uri;
    private final String body;
    private final boolean chain;
    private final Recorder recorder = new Recorder(3_600_000_000L, 3);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final Map<String, Long> dueByJob = new ConcurrentHashMap<>();
    private final Map<String, Long> endedEarly = new ConcurrentHashMap<>();
    private volatile boolean measuring;
    private volatile boolean running = true;
    private Thread eventReader;

    LoadGenerator(URI uri, String body, boolean chain, String bootstrap) {
        this.uri = uri;
        this.body = body;
        this.chain = chain;
        if (chain) {
            eventReader = new Thread(() -> readEvents(bootstrap), "event-reader");
            eventReader.setDaemon(true);
            eventReader.start();
        }
    }

    Result run(int rate, int seconds, boolean measure) throws InterruptedException {
        measuring = measure;
        recorder.reset();
        ok.set(0);
        errors.set(0);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            fire(due);
        }
        long sent = System.nanoTime();
        long drainUntil = sent + Duration.ofSeconds(30).toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10); // a tool, not the product: waiting for the last answers
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(
                recorder.getIntervalHistogram(),
                ok.get(),
                errors.get(),
                outstanding.get(),
                (sent - start) / 1e9,
                elapsed);
    }

    private void fire(long due) {
        outstanding.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 202) {
                errors.incrementAndGet();
                outstanding.decrementAndGet();
                return;
            }
            if (!chain) {
                record(due, System.nanoTime());
                outstanding.decrementAndGet();
                return;
            }
            String jobId = Json.mapper().readTree(response.body()).get("jobId").asString();
            Long ended = endedEarly.remove(jobId);
            if (ended != null) {
                record(due, ended);
                outstanding.decrementAndGet();
            } else {
                dueByJob.put(jobId, due);
                // the completion may have arrived between the two map operations
                Long late = endedEarly.remove(jobId);
                if (late != null && dueByJob.remove(jobId) != null) {
                    record(due, late);
                    outstanding.decrementAndGet();
                }
            }
        });
    }

    private void record(long due, long end) {
        if (measuring) {
            recorder.recordValue(Math.max(0, (end - due) / 1_000));
        }
        ok.incrementAndGet();
    }

    private void readEvents(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("fetch.max.wait.ms", "5");
        p.put("client.id", "load-event-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    JobEvent event = Topics.EVENT.deserialize(r.topic(), r.value());
                    if (!event.isTerminal()) {
                        continue;
                    }
                    long now = System.nanoTime();
                    Long due = dueByJob.remove(event.jobId());
                    if (due != null) {
                        if (!event.type().equals("completed")) {
                            errors.incrementAndGet();
                        } else {
                            record(due, now);
                        }
                        outstanding.decrementAndGet();
                    } else {
                        endedEarly.put(event.jobId(), now);
                    }
                }
            }
        }
    }

    void close() {
        running = false;
    }

    record Result(Histogram latencyMicros, long ok, long errors, long unfinished, double sendSeconds, double seconds) {
        void print(String mode, int rate) {
            System.out.printf(
                    "mode=%s target=%d/s achieved=%.0f/s ok=%d errors=%d unfinished=%d%n",
                    mode, rate, ok / sendSeconds, ok, errors, unfinished);
            System.out.printf(
                    "latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n",
                    ms(50), ms(90), ms(99), ms(99.9), latencyMicros.getMaxValue() / 1000.0);
        }

        private double ms(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }
}
