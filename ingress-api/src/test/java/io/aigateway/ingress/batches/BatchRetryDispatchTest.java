package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRetry;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The batch's owner and a retry that comes twice (a double click, answered by two instances before the result store
 * folded either): the items run once. The store's item state is played by the test, in each of the moments the owner
 * may read it; the producer is Kafka's own mock, which keeps what was sent.
 */
class BatchRetryDispatchTest {

    static final String BATCH = "bat_aaaaaaaaaaaaaaaaaaaaaaaa";
    static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

    final MockProducer<byte[], byte[]> kafka =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    final Store store = new Store();
    final BatchDispatcher owner = dispatcher();

    @Test
    void aRetryThatComesTwiceBeforeTheStoreFoldedEitherRunsTheItemOnce() {
        store.item(1, 0, JobStatus.FAILED);
        owner.handle(record(retry(1, 1))).join();
        owner.handle(record(retry(1, 1))).join();
        assertThat(jobsPublished(1, 1)).isEqualTo(1);
    }

    @Test
    void aRetryThatComesTwiceAfterTheStoreFoldedTheFirstRunsTheItemOnce() {
        store.item(1, 1, JobStatus.QUEUED); // the fold moved it to attempt 1 before the owner read it
        owner.handle(record(retry(1, 1))).join();
        owner.handle(record(retry(1, 1))).join();
        assertThat(jobsPublished(1, 1)).isEqualTo(1);

        // a new owner after a rebalance, with the item under way: a repeat of the retry does not run it again
        store.item(1, 1, JobStatus.RUNNING);
        dispatcher().handle(record(retry(1, 1))).join();
        assertThat(jobsPublished(1, 1)).isEqualTo(1);
    }

    @Test
    void anotherItemInTheSameRoundAndALaterRoundOfAFailedRetryStillRun() {
        store.item(1, 0, JobStatus.FAILED);
        store.item(2, 0, JobStatus.FAILED);
        owner.handle(record(retry(1, 1))).join();
        owner.handle(record(retry(1, 2))).join(); // a second client retried item 2 as the same round
        assertThat(jobsPublished(1, 1)).isEqualTo(1);
        assertThat(jobsPublished(2, 1)).isEqualTo(1);

        store.item(1, 1, JobStatus.FAILED); // the retry failed too: round 2 runs it again
        owner.handle(record(retry(2, 1))).join();
        assertThat(jobsPublished(1, 2)).isEqualTo(1);
        // a completed item is not run by a stale retry
        store.item(2, 1, JobStatus.COMPLETED);
        owner.handle(record(retry(2, 2))).join();
        assertThat(jobsPublished(2, 2)).isZero();
    }

    private BatchDispatcher dispatcher() {
        GatewayProducer producer = new GatewayProducer(kafka);
        Clock clock = Clock.systemUTC();
        return new BatchDispatcher(
                new BatchJobs(producer, new JobEvents(clock), clock, Duration.ofHours(1)),
                store,
                null,
                null,
                producer,
                clock);
    }

    /** Envelopes of the item's attempt sent to a step topic. */
    private long jobsPublished(int index, int attempt) {
        String correlation = new BatchItemKey(BATCH, index, attempt).correlationId();
        String jobId = new BatchItemKey(BATCH, index, attempt).jobId();
        return kafka.history().stream()
                .filter(r -> r.topic().startsWith("gw.step."))
                .filter(r -> correlation.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + jobId + "\""))
                .count();
    }

    static BatchRetry retry(int round, int index) {
        return new BatchRetry(SchemaVersion.CURRENT, BATCH, round, List.of(batchItem(index)), NOW);
    }

    static BatchItem batchItem(int index) {
        return new BatchItem(
                index, "call-" + index, null, new BlobRef("file:///b/" + index, 32_000, "00", "audio/wav"), 1.0, null);
    }

    static ConsumerRecord<byte[], byte[]> record(BatchRetry retry) {
        return new ConsumerRecord<>(
                Topics.BATCHES.name(),
                0,
                0,
                BATCH.getBytes(StandardCharsets.UTF_8),
                Topics.BATCH_RECORD.serialize(Topics.BATCHES.name(), retry));
    }

    /** The result store as the owner reads it: the batch, and each item's latest attempt and status. */
    static final class Store implements BatchQueries {
        final Map<Integer, BatchItemState> items = new ConcurrentHashMap<>();
        final BatchState batch = BatchState.fromManifest(
                BatchManifest.of(
                        BATCH,
                        "acme",
                        "upload",
                        NOW,
                        List.of(Step.STT),
                        JobOptions.defaults(),
                        true,
                        null,
                        null,
                        List.of(batchItem(0), batchItem(1), batchItem(2))),
                1);

        void item(int index, int attempt, JobStatus status) {
            items.put(
                    index,
                    new BatchItemState(
                            index,
                            "call-" + index,
                            null,
                            batchItem(index).audio(),
                            new BatchItemKey(BATCH, index, attempt).jobId(),
                            attempt,
                            status,
                            status == JobStatus.FAILED ? new ErrorInfo("provider_unavailable", "down", true) : null,
                            1.0,
                            null,
                            null));
        }

        @Override
        public Optional<BatchState> batch(String batchId) {
            return Optional.of(batch);
        }

        @Override
        public List<BatchItemState> items(String batchId) {
            return items.values().stream()
                    .sorted(java.util.Comparator.comparingInt(BatchItemState::index))
                    .toList();
        }
    }
}
