package io.aigateway.ingress.jobs;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.job.JobEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands a new job to Kafka: its envelope to the first step's topic and its {@code accepted} event to {@code gw.events},
 * both at once, and completes when the broker acknowledged both ({@code acks=all}, idempotent producer).
 *
 * <p>The producer's {@code send} blocks up to {@code max.block.ms} while it has no metadata (the broker is away), so
 * sends run on a small bounded pool, never on a servlet thread. The whole publish is bounded by {@code publish-timeout};
 * a submission still queued when it ran out is dropped unsent, so a client that got a 503 for it finds nothing
 * published. (A job whose envelope was acknowledged but whose event was not is answered 503 too; it may still run. The
 * 202 is the only promise: a job that got one is never lost.)
 */
public final class JobPublisher implements AutoCloseable {

    private final GatewayProducer producer;
    private final JobEvents events;
    private final Duration timeout;
    private final ThreadPoolExecutor senders;
    private final Timer ok;
    private final Timer failed;

    public JobPublisher(
            GatewayProducer producer, JobEvents events, SubmissionProperties properties, MeterRegistry meters) {
        this.producer = producer;
        this.events = events;
        this.timeout = properties.publishTimeout();
        AtomicInteger threads = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(
                properties.publishThreads(),
                properties.publishThreads(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.publishQueue()),
                r -> {
                    Thread t = new Thread(r, "ingress-publish-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.senders.allowCoreThreadTimeOut(true);
        this.ok = publishTimer(meters, "acknowledged");
        this.failed = publishTimer(meters, "failed");
    }

    /**
     * Completes with the job's {@code accepted} event once the broker acknowledged envelope and event; fails with
     * {@link BrokerUnavailableException} otherwise, within {@code publish-timeout}.
     */
    public CompletableFuture<JobAccepted> publish(JobEnvelope envelope, Correlation correlation) {
        JobAccepted accepted = events.accepted(envelope);
        CompletableFuture<JobAccepted> result = new CompletableFuture<>();
        long started = System.nanoTime();
        try {
            senders.execute(() -> {
                if (result.isDone()) {
                    return; // timed out while queued: the client was told 503, so publish nothing
                }
                CompletableFuture<?> envelopeSent = producer.sendEnvelope(envelope, correlation);
                if (envelopeSent.isCompletedExceptionally()) {
                    // send() gave up at once (no metadata within max.block.ms): the event would wait as long again
                    envelopeSent.whenComplete((done, error) -> result.completeExceptionally(
                            new BrokerUnavailableException("the broker did not take the job", error)));
                    return;
                }
                CompletableFuture<?> eventSent = producer.sendEvent(accepted, correlation);
                CompletableFuture.allOf(envelopeSent, eventSent).whenComplete((done, error) -> {
                    if (error == null) {
                        result.complete(accepted);
                    } else {
                        result.completeExceptionally(
                                new BrokerUnavailableException("the broker did not acknowledge the job", error));
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new BrokerUnavailableException("too many submissions wait for the broker", e));
        }
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((a, error) ->
                        (error == null ? ok : failed).record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        senders.shutdown();
    }

    private static Timer publishTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("gateway.jobs.publish")
                .description("time from submission until the broker acknowledged the job (or gave up)")
                .tag("outcome", outcome)
                .register(meters);
    }
}
