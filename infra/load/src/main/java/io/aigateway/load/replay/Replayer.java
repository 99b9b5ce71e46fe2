package io.aigateway.load.replay;

import io.aigateway.load.cli.Ids;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Republishes recorded jobs as new jobs, the way the ingress publishes one: the envelope at hop 0 to its first step's
 * topic and its {@code accepted} event, both acknowledged. Each copy gets a fresh job id, a fresh correlation id
 * ({@code replay-...}, so every hop's logs and events show it is a replay), {@code x-replay-of} naming the original,
 * a new creation time and a deadline as far ahead as the original's was. It leaves the batch: a replayed item must
 * not count in the original batch's progress.
 *
 * <p>With a mock model, every job whose route runs the LLM step asks for that model instead, so a route configured
 * with only mock providers answers it and no provider is billed. Nothing else is rewritten: speech-to-text,
 * retrieval and text-to-speech run on whatever providers the workers are configured with.
 */
public final class Replayer {

    /** How one replay went: jobs handed to the broker, and those the broker did not take. */
    public record Sent(long sent, long failed, Duration elapsed) {}

    private final GatewayProducer producer;
    private final JobEvents events = new JobEvents();
    private final Clock clock;
    private final String mockModel;

    /**
     * @param mockModel the model every replayed LLM job asks for, or null to keep each job's own
     */
    public Replayer(GatewayProducer producer, Clock clock, String mockModel) {
        this.producer = producer;
        this.clock = clock;
        this.mockModel = mockModel == null || mockModel.isBlank() ? null : mockModel.trim();
    }

    /** The copy of a recorded job that the replay publishes. */
    public JobEnvelope copyOf(JobEnvelope original) {
        Instant now = clock.instant();
        Instant deadline = null;
        if (original.deadline() != null && original.createdAt() != null) {
            deadline = now.plus(Duration.between(original.createdAt(), original.deadline()));
        } else if (original.deadline() != null) {
            deadline = now.plus(Duration.ofMinutes(5));
        }
        JobOptions options = original.options();
        if (mockModel != null && original.route().contains(Step.LLM)) {
            options = new JobOptions(
                    options.language(),
                    options.voice(),
                    mockModel,
                    options.maxTokens(),
                    options.temperature(),
                    options.topK(),
                    options.redactPii(),
                    options.phrases());
        }
        return new JobEnvelope(
                SchemaVersion.CURRENT,
                Ids.random("job_"),
                Ids.random("replay-"),
                original.tenantId(),
                null,
                now,
                deadline,
                original.route(),
                0,
                1,
                original.input(),
                options,
                original.context());
    }

    /**
     * Publishes a copy of each job at its time under the pacing, telling {@code onSending} each copy's correlation id
     * before it is sent and {@code onFailed} those the broker did not take; returns once every send is settled.
     */
    public Sent replay(
            List<RecordedJob> jobs,
            Pacing pacing,
            Consumer<String> onSending,
            Consumer<String> onFailed,
            Consumer<Long> progress) {
        long start = System.nanoTime();
        long first = jobs.isEmpty() ? 0 : jobs.get(0).timestamp();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            RecordedJob recorded = jobs.get(i);
            long due = start + pacing.offsetNanos(i, recorded.timestamp() - first);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            JobEnvelope copy = copyOf(recorded.envelope());
            onSending.accept(copy.correlationId());
            CompletableFuture<?> sent = send(copy, recorded.envelope().jobId()).whenComplete((ok, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    onFailed.accept(copy.correlationId());
                }
            });
            sends.add(sent);
            if ((i & 1023) == 0) {
                sends.removeIf(CompletableFuture::isDone);
            }
            progress.accept((long) i + 1);
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            // counted per job above
        }
        return new Sent(jobs.size() - failed.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    private CompletableFuture<?> send(JobEnvelope copy, String originalJobId) {
        Correlation correlation = Correlation.of(copy, TraceParent.newTrace());
        Topic<String, JobEnvelope> topic = Topics.step(copy.currentStep());
        CompletableFuture<?> envelope = producer.send(record(
                topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), copy.correlationId()),
                topic.valueSerde().serializer().serialize(topic.name(), copy),
                correlation,
                originalJobId));
        CompletableFuture<?> accepted = producer.send(record(
                Topics.EVENTS.name(),
                Topics.KEY.serializer().serialize(Topics.EVENTS.name(), copy.jobId()),
                Topics.EVENT.serialize(Topics.EVENTS.name(), events.accepted(copy)),
                correlation,
                originalJobId));
        return CompletableFuture.allOf(envelope, accepted);
    }

    private static ProducerRecord<byte[], byte[]> record(
            String topic, byte[] key, byte[] value, Correlation correlation, String originalJobId) {
        RecordHeaders headers = new RecordHeaders();
        correlation.writeTo(headers);
        headers.add(Headers.REPLAY_OF, originalJobId.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, key, value, headers);
    }
}
