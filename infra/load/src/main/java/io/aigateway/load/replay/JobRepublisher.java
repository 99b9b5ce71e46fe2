package io.aigateway.load.replay;

import io.aigateway.load.cli.Ids;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes an earlier job again as a new job, the way the ingress publishes one: a copy of its envelope at hop 0 to
 * its first step's interactive topic, and its {@code accepted} event, both acknowledged. The copy has a fresh job id
 * and correlation id ({@code <kind>-...}, so every hop's logs and events show what it is), a new creation time, a
 * deadline as far ahead as the original's was, the original's route, input and options (rewritten if asked) and an
 * empty context; it leaves the batch, whose progress must not count it. A header names the original job on the entry
 * record and the event. Replays ({@code x-replay-of}) and redriven dead letters ({@code x-redrive-of}) both go
 * through here, so a copy is one new job with its own history, never a second run folded into the original's.
 */
public final class JobRepublisher {

    /** What the copy is, for its correlation id prefix and the header that names the original. */
    public enum Kind {
        REPLAY("replay-", io.aigateway.schemas.topic.Headers.REPLAY_OF),
        REDRIVE("redrive-", io.aigateway.schemas.topic.Headers.REDRIVE_OF);

        private final String correlationPrefix;
        private final String header;

        Kind(String correlationPrefix, String header) {
            this.correlationPrefix = correlationPrefix;
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    private final GatewayProducer producer;
    private final Clock clock;
    private final JobEvents events = new JobEvents();

    public JobRepublisher(GatewayProducer producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    /** The new job a copy of {@code original} is, its options passed through {@code options}. */
    public JobEnvelope copyOf(JobEnvelope original, Kind kind, UnaryOperator<JobOptions> options) {
        Instant now = clock.instant();
        Instant deadline = null;
        if (original.deadline() != null && original.createdAt() != null) {
            deadline = now.plus(Duration.between(original.createdAt(), original.deadline()));
        } else if (original.deadline() != null) {
            deadline = now.plus(Duration.ofMinutes(5));
        }
        return new JobEnvelope(
                SchemaVersion.CURRENT,
                Ids.random("job_"),
                Ids.random(kind.correlationPrefix),
                original.tenantId(),
                null,
                now,
                deadline,
                original.route(),
                0,
                1,
                original.input(),
                options.apply(original.options()),
                JobContext.empty());
    }

    /** Sends the copy's envelope and {@code accepted} event; completes when the broker acknowledged both. */
    public CompletableFuture<Void> publish(JobEnvelope copy, Kind kind, String originalJobId) {
        Correlation correlation = Correlation.of(copy, TraceParent.newTrace());
        Topic<String, JobEnvelope> topic = Topics.step(copy.currentStep());
        CompletableFuture<?> envelope = producer.send(record(
                topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), copy.correlationId()),
                topic.valueSerde().serializer().serialize(topic.name(), copy),
                correlation,
                kind,
                originalJobId));
        CompletableFuture<?> accepted = producer.send(record(
                Topics.EVENTS.name(),
                Topics.KEY.serializer().serialize(Topics.EVENTS.name(), copy.jobId()),
                Topics.EVENT.serialize(Topics.EVENTS.name(), events.accepted(copy)),
                correlation,
                kind,
                originalJobId));
        return CompletableFuture.allOf(envelope, accepted);
    }

    private static ProducerRecord<byte[], byte[]> record(
            String topic, byte[] key, byte[] value, Correlation correlation, Kind kind, String originalJobId) {
        RecordHeaders headers = new RecordHeaders();
        correlation.writeTo(headers);
        headers.add(kind.header, originalJobId.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, key, value, headers);
    }
}
