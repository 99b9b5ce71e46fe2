package io.aigateway.pipeline.step;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.StepSettings;
import io.aigateway.pipeline.control.ProviderHealth;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.kafka.DeadLetters;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.tracing.GatewayTracing;
import io.aigateway.pipeline.tracing.JobSpan;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Lane;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step: reads envelopes from {@code gw.step.<step>}, emits {@code step_started}, calls the {@link StepHandler},
 * streams its deltas as events, then hands the envelope to the next step's topic or emits {@code completed}; failures
 * end as a {@code failed} event, poison records go to {@code gw.dlt}.
 *
 * <p>Why not a listener container: steps are slow, I/O-bound calls (an LLM answer takes seconds), so a thread per
 * partition would cap a worker at a handful of jobs at once. Here one thread polls and up to {@code concurrency}
 * envelopes run at once on a worker pool, whatever the partition count. Records finish out of order; each partition's
 * committed offset only moves up to its lowest record still in flight ({@link OffsetTracker}), and a record counts as
 * finished only once the broker acknowledged its events and next hop. That is at-least-once without transactions
 * (which Event Hubs does not reliably support): a crash redelivers unfinished records, and the redelivered envelope
 * numbers its events as before, so readers drop the repeats by sequence number.
 *
 * <p>Two lanes: the runtime reads the step's interactive topic and its batch lane ({@link Lane}) in one consumer of
 * one group. Interactive records are dispatched as they come. Batch records wait in a small queue on the poll thread and
 * are dispatched only while no interactive record waits (its lag) or runs, up to {@code batch-concurrency} at once on
 * their own pool; meanwhile the batch partitions are paused, so the batch backlog stays in Kafka. Aging keeps a batch
 * moving under constant interactive load: when no batch item has started for {@code batch-max-wait}, one starts
 * anyway (and the batch partitions are fetched again to find it). A waiting batch record
 * is not yet tracked, so the committed offset never passes it; one dropped on a rebalance or a stop is read again by
 * the next owner.
 */
public final class StepRuntime {

    private static final Logger log = LoggerFactory.getLogger(StepRuntime.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final StepHandler handler;
    private final StepSettings settings;
    private final KafkaSettings kafka;
    private final GatewayProducer producer;
    private final DeadLetters deadLetters;
    private final JobEvents events;
    private final GatewayTracing tracing;
    private final Clock clock = Clock.systemUTC();
    private final Topic<String, JobEnvelope> topic;
    private final Topic<String, JobEnvelope> batchTopic;
    private final String groupId;
    private final RecentlyDone recentlyDone = new RecentlyDone(100_000);
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger batchInFlight = new AtomicInteger();
    private final AtomicLong lag = new AtomicLong();
    /** Which run of this runtime a record belongs to; a record of an earlier run must not touch this run's counts. */
    private final AtomicInteger generation = new AtomicInteger();

    private final Metrics metrics;

    private volatile boolean running;
    private volatile Thread pollThread;
    private volatile Consumer<byte[], byte[]> consumer;
    private ExecutorService workers;
    private ExecutorService batchWorkers;
    private ScheduledExecutorService retries;

    public StepRuntime(
            StepHandler handler,
            StepSettings settings,
            KafkaSettings kafka,
            GatewayProducer producer,
            JobEvents events,
            MeterRegistry meters) {
        this(handler, settings, kafka, producer, events, meters, GatewayTracing.disabled(), null);
    }

    /**
     * @param tracing spans for each step of each job, under the trace the job's records carry
     * @param health told how each attempt of each provider went (the registry shows failing providers); may be null
     */
    public StepRuntime(
            StepHandler handler,
            StepSettings settings,
            KafkaSettings kafka,
            GatewayProducer producer,
            JobEvents events,
            MeterRegistry meters,
            GatewayTracing tracing,
            ProviderHealth health) {
        this.tracing = tracing;
        this.handler = handler;
        this.settings = settings;
        this.kafka = kafka;
        this.producer = producer;
        this.deadLetters = new DeadLetters(producer);
        this.events = events;
        this.topic = Topics.step(handler.step(), Lane.INTERACTIVE);
        this.batchTopic = Topics.step(handler.step(), Lane.BATCH);
        this.groupId = groupIdFor(handler.step());
        this.metrics = new Metrics(meters, handler.step(), inFlight, lag, health);
    }

    public Step step() {
        return handler.step();
    }

    public String groupId() {
        return groupId;
    }

    /** The consumer group of a step's workers: every instance of the step shares it, and its lag scales them. */
    public static String groupIdFor(Step step) {
        return "gw-" + step.id() + "-worker";
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Batch-lane records being worked on (a part of {@link #inFlight()}). */
    public int batchInFlight() {
        return batchInFlight.get();
    }

    public boolean isRunning() {
        return running;
    }

    /** Running, and its poll thread alive: a poll loop that died on an error leaves a runtime that takes no work. */
    public boolean isHealthy() {
        Thread thread = pollThread;
        return running && thread != null && thread.isAlive();
    }

    /** Records of this step's partitions not fetched yet by this instance, as of its last poll. */
    public long consumerLag() {
        return lag.get();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        // a runtime can be stopped and started again: nothing of the previous run's tracking may carry over
        trackers.clear();
        paused.clear();
        finished.clear();
        pendingBatch.clear();
        inFlight.set(0);
        batchInFlight.set(0);
        interactiveLag = 0;
        recentlyDone.forgetInProgress();
        generation.incrementAndGet();
        String name = "step-" + step().id();
        workers = Executors.newFixedThreadPool(settings.concurrency(), threads(name + "-worker"));
        batchWorkers = Executors.newFixedThreadPool(settings.effectiveBatchConcurrency(), threads(name + "-batch"));
        retries = Executors.newSingleThreadScheduledExecutor(threads(name + "-retry"));
        consumer = new KafkaConsumer<>(kafka.consumerConfig(groupId));
        Thread thread = new Thread(this::pollLoop, name + "-poll");
        thread.setDaemon(true);
        pollThread = thread;
        thread.start();
        log.info(
                "step {} runs {} with up to {} envelopes at once ({} of its batch lane while the interactive one is idle)",
                step().id(),
                handler.getClass().getSimpleName(),
                settings.concurrency(),
                settings.effectiveBatchConcurrency());
    }

    /** Stops taking records, lets the ones in flight finish within the grace period, commits, and closes. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread thread = pollThread;
        if (thread != null) {
            try {
                thread.join(settings.shutdownGrace().toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        retries.shutdownNow();
        workers.shutdownNow();
        batchWorkers.shutdownNow();
        log.info("step {} stopped", step().id());
    }

    // ---- the poll thread ----------------------------------------------------------------------------------------

    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    /** Batch partitions paused because the interactive lane is busy or the batch lane is full (poll thread only). */
    private final Set<TopicPartition> batchPaused = new HashSet<>();
    /** Batch records fetched but not dispatched yet, in offset order per partition (poll thread only). */
    private final Deque<ConsumerRecord<byte[], byte[]>> pendingBatch = new ArrayDeque<>();
    /** Interactive records not fetched yet, as of the last poll (poll thread only). */
    private long interactiveLag;
    /** When the last batch item started, for the aging of the batch lane (poll thread only). */
    private long lastBatchStartNanos = System.nanoTime();

    private long lastCommitNanos = System.nanoTime();

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(topic.name(), batchTopic.name()), new Rebalance());
            while (running) {
                drainFinished();
                commitIfDue();
                dispatchBatch();
                applyBackpressure();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (isBatch(record)) {
                        pendingBatch.add(record);
                    } else {
                        dispatch(record);
                    }
                }
                updateLag();
            }
            pendingBatch.clear();
            finishInFlight(trackers.keySet(), settings.shutdownGrace());
            commitSync(trackers.keySet());
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("step {} poll loop failed; records in flight will be redelivered", step().id(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("closing the consumer of step {} failed", step().id(), e);
            }
        }
    }

    /** From the consumer's fetch positions and the high watermarks it last saw: no request to the broker. */
    private void updateLag() {
        long total = 0;
        long interactive = 0;
        for (TopicPartition tp : consumer.assignment()) {
            long partitionLag = consumer.currentLag(tp).orElse(0);
            total += partitionLag;
            if (!batchTopic.name().equals(tp.topic())) {
                interactive += partitionLag;
            }
        }
        lag.set(total);
        interactiveLag = interactive;
    }

    private boolean isBatch(ConsumerRecord<byte[], byte[]> record) {
        return batchTopic.name().equals(record.topic());
    }

    /** Nothing interactive runs or waits in Kafka for this instance, as far as its last poll knows. */
    private boolean interactiveIdle() {
        return inFlight.get() - batchInFlight.get() == 0 && interactiveLag == 0;
    }

    /**
     * Hands waiting batch records to the batch pool while the interactive lane is idle and the batch lane has room; and
     * one, whatever the interactive lane does, when none started for {@code batch-max-wait}.
     */
    private void dispatchBatch() {
        while (!pendingBatch.isEmpty()
                && (interactiveIdle() || batchStarving())
                && batchInFlight.get() < settings.effectiveBatchConcurrency()) {
            dispatch(pendingBatch.poll()); // a start resets the aging clock
        }
    }

    /** No batch item started for {@code batch-max-wait} (aging on): the next one may start despite interactive work. */
    private boolean batchStarving() {
        long maxWait = settings.batchMaxWait().toNanos();
        return maxWait > 0 && System.nanoTime() - lastBatchStartNanos >= maxWait;
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        OffsetTracker tracker = trackers.computeIfAbsent(tp, p -> new OffsetTracker());
        tracker.dispatched(record.offset());
        inFlight.incrementAndGet();
        boolean batch = isBatch(record);
        if (batch) {
            batchInFlight.incrementAndGet();
            lastBatchStartNanos = System.nanoTime();
        }
        (batch ? batchWorkers : workers).execute(new Work(record, tracker, batch));
    }

    private void drainFinished() {
        Finished f;
        while ((f = finished.poll()) != null) {
            f.tracker.finished(f.offset);
        }
        if (running) {
            dispatchBatch();
        }
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = pendingCommits(trackers.keySet());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    log.debug("async commit of step {} failed; a later commit covers it", step().id(), error);
                }
            });
            offsets.forEach((tp, o) -> trackers.get(tp).committed(o.offset()));
        }
    }

    private void commitSync(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = pendingCommits(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            offsets.forEach((tp, o) -> trackers.get(tp).committed(o.offset()));
        } catch (RuntimeException e) {
            log.warn("commit of step {} failed; its records will be redelivered", step().id(), e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> pendingCommits(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetTracker t = trackers.get(tp);
            if (t != null && t.hasNewCommit()) {
                offsets.put(tp, new OffsetAndMetadata(t.committable()));
            }
        }
        return offsets;
    }

    /** Pauses fetching while the pool has enough to do, so a slow step leaves its backlog in Kafka, not in memory. */
    private void applyBackpressure() {
        boolean full = inFlight.get() >= settings.concurrency() * 2;
        if (full && paused.isEmpty()) {
            paused.addAll(consumer.assignment());
            consumer.pause(paused);
        } else if (!full && !paused.isEmpty()) {
            Set<TopicPartition> resumed = new HashSet<>(paused);
            resumed.removeAll(batchPaused);
            consumer.resume(resumed);
            paused.clear();
        }
        // the batch lane fetches only what it may start now: none while interactive work waits or runs, unless it aged
        boolean holdBatch = !pendingBatch.isEmpty()
                || (!interactiveIdle() && !batchStarving())
                || batchInFlight.get() >= settings.effectiveBatchConcurrency();
        Set<TopicPartition> batchPartitions = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (batchTopic.name().equals(tp.topic())) {
                batchPartitions.add(tp);
            }
        }
        if (holdBatch) {
            batchPartitions.removeAll(batchPaused);
            if (!batchPartitions.isEmpty()) {
                consumer.pause(batchPartitions);
                batchPaused.addAll(batchPartitions);
            }
        } else if (!batchPaused.isEmpty()) {
            Set<TopicPartition> resumed = new HashSet<>(batchPaused);
            resumed.removeAll(paused);
            consumer.resume(resumed);
            batchPaused.clear();
        }
    }

    /** Waits (on the poll thread, while the pool finishes) until the given partitions have nothing in flight. */
    private void finishInFlight(Collection<TopicPartition> partitions, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (partitions.stream().map(trackers::get).anyMatch(t -> t != null && t.inFlight() > 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("step {}: records still in flight after {}; they will be redelivered", step().id(), grace);
                return;
            }
            try {
                Finished f = finished.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (f != null) {
                    f.tracker.finished(f.offset);
                    drainFinished();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            dropPending(partitions);
            finishInFlight(partitions, settings.shutdownGrace());
            commitSync(partitions);
            partitions.forEach(trackers::remove);
            paused.removeAll(partitions);
            batchPaused.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(trackers::remove);
            paused.removeAll(partitions);
            batchPaused.removeAll(partitions);
            dropPending(partitions);
        }

        /** Batch records of partitions that moved away and were never started: their next owner reads them again. */
        private void dropPending(Collection<TopicPartition> partitions) {
            pendingBatch.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // a fresh tracker per assignment: records of an earlier assignment that finish late cannot disturb it
            partitions.forEach(tp -> trackers.put(tp, new OffsetTracker()));
            if (!paused.isEmpty()) {
                consumer.pause(partitions);
                paused.addAll(partitions);
            }
            // the next loop decides whether new batch partitions may fetch; until then they wait
            List<TopicPartition> batch = partitions.stream()
                    .filter(tp -> batchTopic.name().equals(tp.topic()))
                    .toList();
            if (!batch.isEmpty()) {
                consumer.pause(batch);
                batchPaused.addAll(batch);
            }
            log.debug("step {} assigned {}", step().id(), partitions);
        }
    }

    private record Finished(OffsetTracker tracker, long offset) {}

    // ---- one record, on the worker pool -------------------------------------------------------------------------

    /**
     * The life of one record: attempts, events, hand-off. Attempts after the first run again on the pool after a
     * backoff scheduled on the retry thread, so no pool thread sleeps.
     */
    private final class Work implements Runnable {
        private final ConsumerRecord<byte[], byte[]> record;
        private final OffsetTracker tracker;
        private final boolean batch;
        private JobEnvelope envelope;
        private Correlation correlation;
        private String provider;
        private int attempt;
        private final AtomicLong seq = new AtomicLong();
        private final AtomicInteger deltas = new AtomicInteger();
        private final List<CompletableFuture<?>> sends = new ArrayList<>();
        private long startNanos;
        private final StringBuilder pendingDelta = new StringBuilder();
        private long lastDeltaNanos = System.nanoTime() - settings.deltaWindow().toNanos();
        private ScheduledFuture<?> pendingFlush;
        private boolean released;
        private boolean claimed;
        private JobSpan span;

        private final int run = generation.get();

        Work(ConsumerRecord<byte[], byte[]> record, OffsetTracker tracker, boolean batch) {
            this.record = record;
            this.tracker = tracker;
            this.batch = batch;
        }

        /** The pool this record's attempts run on: its lane's. */
        private ExecutorService pool() {
            return batch ? batchWorkers : workers;
        }

        @Override
        public void run() {
            if (correlation == null) {
                correlation = Correlation.readFrom(record.headers());
            }
            try (var scope = correlation.open(step().id())) {
                runAttempt();
            } catch (RuntimeException e) {
                log.error("step {}: unexpected failure handling offset {}", step().id(), record.offset(), e);
                deadLetter(e);
            }
        }

        private void runAttempt() {
            if (envelope == null && !read()) {
                return;
            }
            if (attempt == 0) {
                if (!claimed) {
                    if (!recentlyDone.claim(envelope.jobId(), envelope.hop())) {
                        log.debug(
                                "job {} hop {} already taken here; skipping the duplicate",
                                envelope.jobId(),
                                envelope.hop());
                        release();
                        return;
                    }
                    claimed = true;
                }
                startNanos = System.nanoTime();
                seq.set(envelope.nextSeq());
                provider = Objects.requireNonNullElse(handler.providerFor(envelope), "unknown");
                span = tracing.start("step " + step().id(), SpanKind.CONSUMER, correlation.trace())
                        .attribute("gateway.job.id", envelope.jobId())
                        .attribute("gateway.tenant.id", envelope.tenantId())
                        .attribute("gateway.step", step().id())
                        .attribute("gateway.provider", provider);
                publish(events.started(envelope, seq.getAndIncrement(), provider));
            }
            attempt++;
            if (pastDeadline(Duration.ZERO)) {
                fail(StepException.permanent(ErrorCodes.DEADLINE_EXCEEDED, "the job passed its deadline"));
                return;
            }
            StepResult result;
            try (var current = span.makeCurrent()) {
                result = handler.handle(envelope, this::delta);
            } catch (StepException e) {
                flushDelta();
                onFailure(e, e.retryable(), e.retryAfter().orElse(null));
                return;
            } catch (RuntimeException e) {
                flushDelta();
                onFailure(e, true, null);
                return;
            }
            flushDelta();
            complete(result);
        }

        /**
         * A piece of streamed output. It goes out at once when the last delta event is older than the delta window;
         * otherwise it joins the pieces waiting for the window to end, so a burst of tokens becomes one event while a
         * slow stream still shows every token as it comes.
         */
        private synchronized void delta(String text) {
            if (text == null || text.isEmpty()) {
                return;
            }
            deltas.incrementAndGet();
            pendingDelta.append(text);
            long sinceLast = System.nanoTime() - lastDeltaNanos;
            long window = settings.deltaWindow().toNanos();
            if (sinceLast >= window) {
                flushDelta();
            } else if (pendingFlush == null) {
                pendingFlush = retries.schedule(this::flushDelta, window - sinceLast, TimeUnit.NANOSECONDS);
            }
        }

        /** Sends the waiting pieces as one delta event; a no-op when none wait. */
        private synchronized void flushDelta() {
            if (pendingFlush != null) {
                pendingFlush.cancel(false);
                pendingFlush = null;
            }
            if (pendingDelta.isEmpty()) {
                return;
            }
            publish(events.delta(envelope, seq.getAndIncrement(), provider, pendingDelta.toString()));
            pendingDelta.setLength(0);
            lastDeltaNanos = System.nanoTime();
        }

        private boolean read() {
            try {
                envelope = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (envelope == null
                        || envelope.jobId() == null
                        || envelope.route().isEmpty()) {
                    throw new SerializationException("record holds no usable envelope");
                }
                if (envelope.hop() < 0
                        || envelope.hop() >= envelope.route().size()
                        || envelope.currentStep() != step()) {
                    throw new SerializationException("envelope of job " + envelope.jobId() + " is at hop "
                            + envelope.hop() + " of " + envelope.route() + ", not at step " + step().id());
                }
            } catch (SerializationException e) {
                log.warn(
                        "step {}: poison record at {}-{}@{}: {}",
                        step().id(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
                deadLetter(e);
                return false;
            }
            if (correlation.jobId() == null) {
                correlation = Correlation.of(envelope, correlation.trace());
            }
            return true;
        }

        private void complete(StepResult result) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            String servedBy = result.provider() != null ? result.provider() : provider;
            log.debug("step {} of job {} done by {} in {} ms", step().id(), envelope.jobId(), servedBy, millis);
            publish(events.stepCompleted(envelope, seq.getAndIncrement(), servedBy, millis, result.output()));
            if (envelope.isLastStep()) {
                publish(events.completed(
                        envelope, seq.getAndIncrement(), envelope.context().merge(result.output())));
            } else {
                JobEnvelope next = envelope.advance(result.output(), seq.get());
                // the next hop waits in the lane the job's batch id gives it
                sends.add(producer.send(
                        Topics.stepOf(next), next.correlationId(), next, correlation.withTrace(span.traceParent())));
            }
            span.attribute("gateway.provider", servedBy).end();
            whenSent(() -> {
                metrics.completed(servedBy, millis);
                recentlyDone.finish(envelope.jobId(), envelope.hop());
                release();
            });
        }

        private void onFailure(RuntimeException error, boolean retryable, Duration retryAfter) {
            boolean unexpected = !(error instanceof StepException);
            metrics.attemptFailed(
                    provider, unexpected ? ErrorCodes.INTERNAL_ERROR : ((StepException) error).code(), retryable);
            // once output has reached readers, a retry or a fallback would show them a second, different answer
            boolean streamed = deltas.get() > 0;
            if (retryable && !streamed && attempt < settings.maxAttempts()) {
                Duration wait = backoff(retryAfter);
                if (!pastDeadline(wait)) {
                    log.info(
                            "step {} attempt {} failed ({}); retrying in {} ms",
                            step().id(),
                            attempt,
                            error.getMessage(),
                            wait.toMillis());
                    retries.schedule(() -> pool().execute(this), wait.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
            }
            if (unexpected) {
                log.error("step {} failed unexpectedly after {} attempts; dead-lettering", step().id(), attempt, error);
                sends.add(deadLetters.send(record, error, attempt));
                fail(new StepException(
                        ErrorCodes.INTERNAL_ERROR, "the " + step().id() + " step failed unexpectedly", false));
                return;
            }
            StepException e = (StepException) error;
            if (streamed && e.retryable() && !ErrorCodes.STREAM_INTERRUPTED.equals(e.code())) {
                e = new StepException(
                        ErrorCodes.STREAM_INTERRUPTED,
                        "the answer broke off after it had started: " + e.getMessage(),
                        true,
                        null,
                        e);
            }
            log.warn("step {} failed after {} attempts: {} ({})", step().id(), attempt, e.code(), e.getMessage());
            fail(e);
        }

        private void fail(StepException e) {
            if (span != null) {
                span.fail(e.code(), e.getMessage());
            }
            publish(events.failed(
                    envelope,
                    seq.getAndIncrement(),
                    step(),
                    provider,
                    new ErrorInfo(e.code(), e.getMessage(), e.retryable())));
            whenSent(() -> {
                metrics.failed(provider, e.code());
                recentlyDone.finish(envelope.jobId(), envelope.hop());
                release();
            });
        }

        private void deadLetter(RuntimeException error) {
            sends.add(deadLetters.send(record, error, Math.max(attempt, 1)));
            whenSent(() -> {
                metrics.deadLettered();
                release();
            });
        }

        private void publish(JobEvent event) {
            synchronized (sends) {
                sends.add(producer.sendEvent(event, correlation));
            }
        }

        /**
         * Runs {@code then} once every send of this record is acknowledged. If a send failed (the broker is away), the
         * whole record runs again after a backoff: its events carry the same sequence numbers, so readers see no
         * repeats, and its offset stays uncommitted until it succeeds or the worker stops.
         */
        private void whenSent(Runnable then) {
            CompletableFuture<?>[] pending;
            synchronized (sends) {
                pending = sends.toArray(CompletableFuture[]::new);
                sends.clear();
            }
            CompletableFuture.allOf(pending).whenComplete((ok, error) -> {
                if (error == null) {
                    then.run();
                } else if (running) {
                    log.warn(
                            "step {}: publishing job {} failed ({}); running it again",
                            step().id(),
                            envelope == null ? "?" : envelope.jobId(),
                            error.getMessage());
                    attempt = 0;
                    deltas.set(0);
                    retries.schedule(
                            () -> pool().execute(this), settings.maxBackoff().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    log.warn(
                            "step {}: stopping with job {} unpublished; it will be redelivered",
                            step().id(),
                            envelope == null ? "?" : envelope.jobId());
                    if (envelope != null) {
                        recentlyDone.abandon(envelope.jobId(), envelope.hop());
                    }
                }
            });
        }

        private void release() {
            if (!released && run == generation.get()) {
                released = true;
                inFlight.decrementAndGet();
                if (batch) {
                    batchInFlight.decrementAndGet();
                }
                finished.add(new Finished(tracker, record.offset()));
            }
        }

        private Duration backoff(Duration retryAfter) {
            long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
            long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            long wanted = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
            return Duration.ofMillis(Math.min(wanted, settings.maxBackoff().toMillis()));
        }

        private boolean pastDeadline(Duration after) {
            Instant deadline = envelope.deadline();
            return deadline != null && clock.instant().plus(after).isAfter(deadline);
        }
    }

    private static final class Metrics {
        private final MeterRegistry registry;
        private final Step step;
        private final Counter deadLettered;
        private final Map<String, Timer> durations = new ConcurrentHashMap<>();
        private final ProviderHealth health;

        Metrics(MeterRegistry registry, Step step, AtomicInteger inFlight, AtomicLong lag, ProviderHealth health) {
            this.health = health;
            this.registry = registry;
            this.step = step;
            this.deadLettered = Counter.builder("gateway.step.dead.letters")
                    .description("records sent to gw.dlt")
                    .tag("step", step.id())
                    .register(registry);
            registry.gauge(
                    "gateway.step.in.flight", io.micrometer.core.instrument.Tags.of("step", step.id()), inFlight);
            io.micrometer.core.instrument.Gauge.builder("gateway.step.consumer.lag", lag, AtomicLong::get)
                    .description("records in this step's partitions that this instance has not fetched yet")
                    .tag("step", step.id())
                    .register(registry);
        }

        void completed(String provider, long millis) {
            if (health != null) {
                health.succeeded(step.id(), String.valueOf(provider));
            }
            durations
                    .computeIfAbsent(
                            String.valueOf(provider),
                            p -> Timer.builder("gateway.step.duration")
                                    .description("time from step start to output handed on")
                                    .tags("step", step.id(), "provider", p, "outcome", "completed")
                                    .publishPercentileHistogram()
                                    .register(registry))
                    .record(Duration.ofMillis(millis));
        }

        /** Every failed attempt, retried or not: what the provider did, before retries hide it. */
        void attemptFailed(String provider, String code, boolean retryable) {
            if (health != null) {
                health.failed(step.id(), String.valueOf(provider));
            }
            Counter.builder("gateway.provider.failures")
                    .description("failed attempts of a step, by provider and error code, retried ones included")
                    .tags(
                            "step",
                            step.id(),
                            "provider",
                            String.valueOf(provider),
                            "code",
                            code,
                            "retryable",
                            String.valueOf(retryable))
                    .register(registry)
                    .increment();
        }

        void failed(String provider, String code) {
            Counter.builder("gateway.step.failures")
                    .description("steps that ended a job with a failure")
                    .tags("step", step.id(), "provider", String.valueOf(provider), "code", code)
                    .register(registry)
                    .increment();
        }

        void deadLettered() {
            deadLettered.increment();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
