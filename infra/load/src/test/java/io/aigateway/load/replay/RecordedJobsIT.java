package io.aigateway.load.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code gatewayctl replay} reads, on a real broker: a topic of its own with three partitions, the latest jobs on
 * the first partition and the earliest on the last, so the order partitions are fetched in is not the jobs' order.
 */
class RecordedJobsIT {

    private static final long BASE = Instant.now().minusSeconds(600).toEpochMilli();
    private static KafkaSettings kafka;
    private static String topic;

    @BeforeAll
    static void recordJobs() throws Exception {
        kafka = TestKafka.settings();
        topic = "replay-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            // partition 0 the latest, partition 2 the earliest
            send(producer, 0, 50, null);
            send(producer, 0, 40, null);
            send(producer, 1, 30, null);
            send(producer, 1, 20, null);
            send(producer, 2, 10, null);
            send(producer, 2, 0, null);
            // the tool's own copies, earlier than all: a redriven dead letter and a replay
            send(producer, 1, -10, Headers.REDRIVE_OF);
            send(producer, 0, -20, Headers.REPLAY_OF);
            producer.flush();
        }
    }

    @Test
    void aLimitKeepsTheEarliestJobsOfTheWindowWhicheverPartitionHoldsThem() {
        RecordedJobs.Read read = new RecordedJobs(kafka).read(List.of(topic), Window.all(), false, 3);

        assertThat(read.jobs()).extracting(j -> j.timestamp() - BASE).containsExactly(0L, 10L, 20L);
        assertThat(read.jobs()).extracting(RecordedJob::partition).containsExactly(2, 2, 1);
        assertThat(read.replays()).isEqualTo(2);
    }

    @Test
    void redrivenAndReplayedCopiesAreSkippedUnlessAskedFor() {
        RecordedJobs.Read all = new RecordedJobs(kafka).read(List.of(topic), Window.all(), false, Long.MAX_VALUE);
        assertThat(all.jobs()).extracting(j -> j.timestamp() - BASE).containsExactly(0L, 10L, 20L, 30L, 40L, 50L);

        RecordedJobs.Read copies = new RecordedJobs(kafka).read(List.of(topic), Window.all(), true, 2);
        assertThat(copies.jobs()).extracting(j -> j.timestamp() - BASE).containsExactly(-20L, -10L);
        assertThat(copies.replays()).isZero();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int partition, long at, String copyHeader) {
        String id = "job_" + UUID.randomUUID().toString().replace("-", "");
        JobEnvelope job = JobEnvelope.create(
                id,
                id,
                "tenant-recorded",
                null,
                Instant.ofEpochMilli(BASE + at),
                null,
                List.of(Step.LLM),
                JobInput.ofText("at " + at),
                JobOptions.defaults());
        RecordHeaders headers = new RecordHeaders();
        if (copyHeader != null) {
            headers.add(copyHeader, "job_original".getBytes(StandardCharsets.UTF_8));
        }
        producer.send(new ProducerRecord<>(
                topic,
                partition,
                BASE + at,
                id.getBytes(StandardCharsets.UTF_8),
                Topics.ENVELOPE.serialize(topic, job),
                headers));
    }
}
