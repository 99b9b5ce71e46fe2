package io.aigateway.ingress.batches;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.correlation.TraceParent;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a batch's items into jobs: an envelope per item with audio, in the batch lane of its first step ({@code
 * gw.step.stt.batch}), with its {@code accepted} event. Ids come from the item ({@link BatchItemKey}): the correlation id
 * {@code <batchId>-<index>} spreads the batch over every partition, and the job id adds the attempt, so publishing the
 * same items again after a crash makes the same jobs, whose repeated events the readers drop.
 */
public final class BatchJobs {

    /** What the LLM is asked after a call's transcript when the batch wants a post-call summary. */
    static final String SUMMARY_INSTRUCTION =
            "You will get the transcript of a customer call. Summarize it in two or three"
                    + " sentences, then list the action items it leaves, one per line.";

    private final GatewayProducer producer;
    private final JobEvents events;
    private final Clock clock;
    private final Duration deadline;

    public BatchJobs(GatewayProducer producer, JobEvents events, Clock clock, Duration deadline) {
        this.producer = producer;
        this.events = events;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Publishes the items' jobs (items without audio are skipped); completes when the broker acknowledged all. */
    public CompletableFuture<Void> publish(
            String batchId,
            String tenantId,
            List<Step> route,
            JobOptions options,
            String postCall,
            List<BatchItem> items,
            int attempt) {
        Instant now = clock.instant();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (BatchItem item : items) {
            if (item.audio() == null) {
                continue;
            }
            BatchItemKey key = new BatchItemKey(batchId, item.index(), attempt);
            JobInput input = "summary".equals(postCall)
                    ? new JobInput(
                            null,
                            List.of(
                                    new ChatMessage("user", SUMMARY_INSTRUCTION),
                                    new ChatMessage("assistant", "Understood. Please send the transcript.")),
                            item.audio())
                    : JobInput.ofAudio(item.audio());
            JobEnvelope envelope = JobEnvelope.create(
                    key.jobId(),
                    key.correlationId(),
                    tenantId,
                    batchId,
                    now,
                    now.plus(deadline),
                    route,
                    input,
                    options);
            Correlation correlation = Correlation.of(envelope, TraceParent.newTrace());
            sends.add(producer.send(Topics.stepOf(envelope), envelope.correlationId(), envelope, correlation));
            sends.add(producer.sendEvent(events.accepted(envelope), correlation));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }
}
