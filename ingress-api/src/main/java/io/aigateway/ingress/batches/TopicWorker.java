package io.aigateway.ingress.batches;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.step.OffsetTracker;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A consumer group member that hands each record to an asynchronous handler and commits a partition's offset only up to
 * its lowest record not yet handled ({@link OffsetTracker}, as the step runtime does): at-least-once, and one slow
 * record (a webhook being retried for minutes) holds up neither the other records nor the poll loop. A handler that
 * fails is tried again after a growing pause, for as long as the worker runs; a record that can never be handled is
 * the handler's to dead-letter. The group gives each partition, so each key (a batch id), one owner at a time.
 *
 * <p>Each assignment of a partition is a {@link PartitionLease}, revoked first when the partition goes (a rebalance, a
 * lost partition, a stop): the record's next owner will do its work, so this one starts none of it again. Its retries
 * here are dropped, and the handler's own work (a webhook being retried) sees the lease and stops; a record whose work
 * ended that way stays uncommitted. Then the worker waits a little for work still under way (a request in flight) and
 * commits what finished.
 */
public final class TopicWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicWorker.class);
    private static final int MAX_IN_FLIGHT = 64;

    private final String name;
    private final String topic;
    private final String groupId;
    private final KafkaSettings kafka;
    private final Function<ConsumerRecord<byte[], byte[]>, CompletableFuture<?>> handler;
    private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, PartitionLease> leases = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private ScheduledExecutorService retries;
    private int inFlight;
    private long lastCommit;

    public TopicWorker(
            String name,
            String topic,
            String groupId,
            KafkaSettings kafka,
            Function<ConsumerRecord<byte[], byte[]>, CompletableFuture<?>> handler) {
        this.name = name;
        this.topic = topic;
        this.groupId = groupId;
        this.kafka = kafka;
        this.handler = handler;
    }

    private record Done(OffsetTracker tracker, long offset) {}

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        trackers.clear();
        leases.clear();
        paused.clear();
        done.clear();
        inFlight = 0;
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-retry");
            t.setDaemon(true);
            return t;
        });
        consumer = new KafkaConsumer<>(kafka.consumerConfig(groupId));
        thread = new Thread(this::loop, name + "-poll");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retries.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the producer and the Streams instance stop, after them at start. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                drain();
                commit(false, trackers.keySet());
                boolean full = inFlight >= MAX_IN_FLIGHT;
                if (full && paused.isEmpty()) {
                    paused.addAll(consumer.assignment());
                    consumer.pause(paused);
                } else if (!full && !paused.isEmpty()) {
                    consumer.resume(paused);
                    paused.clear();
                }
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                        OffsetTracker tracker = trackers.computeIfAbsent(tp, p -> new OffsetTracker());
                        PartitionLease lease = leases.computeIfAbsent(tp, p -> new PartitionLease());
                        tracker.dispatched(record.offset());
                        inFlight++;
                        handle(record, tracker, lease, 1);
                    }
                } catch (WakeupException e) {
                    // stopping
                }
            }
            leases.values().forEach(PartitionLease::revoke);
            await(trackers.keySet());
            commit(true, trackers.keySet());
        } catch (RuntimeException e) {
            log.error("{} stopped on an error; unhandled records will be read again", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(
            ConsumerRecord<byte[], byte[]> record, OffsetTracker tracker, PartitionLease lease, int attempt) {
        if (lease.isRevoked()) {
            return; // the partition's next owner reads the record again
        }
        lease.enter();
        CompletableFuture<?> future;
        try {
            future = lease.call(() -> handler.apply(record));
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((ok, error) -> {
            try {
                ended(record, tracker, lease, attempt, error);
            } finally {
                lease.exit();
            }
        });
    }

    private void ended(
            ConsumerRecord<byte[], byte[]> record,
            OffsetTracker tracker,
            PartitionLease lease,
            int attempt,
            Throwable error) {
        if (error == null) {
            done.add(new Done(tracker, record.offset()));
        } else if (lease.isRevoked()) {
            log.info(
                    "{}: record {}-{}@{} left to its partition's next owner ({})",
                    name,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    error.toString());
        } else if (running) {
            long wait = Math.min(30_000, 500L << Math.min(attempt - 1, 6));
            log.warn(
                    "{}: record {}-{}@{} failed ({}); again in {} ms",
                    name,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    error.toString(),
                    wait);
            retries.schedule(() -> handle(record, tracker, lease, attempt + 1), wait, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        Done d;
        while ((d = done.poll()) != null) {
            finished(d);
        }
    }

    /** A record of a partition that moved away meanwhile no longer counts: its partition's count was dropped. */
    private void finished(Done d) {
        d.tracker().finished(d.offset());
        if (trackers.containsValue(d.tracker())) {
            inFlight--;
        }
    }

    /** Waits (10 s at most) for the handlers' work under way on these partitions, taking in what finished. */
    private void await(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (partitions.stream().map(leases::get).anyMatch(l -> l != null && l.busy() > 0)
                && System.nanoTime() < deadline) {
            try {
                Done d = done.poll(100, TimeUnit.MILLISECONDS);
                if (d != null) {
                    finished(d);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        drain();
    }

    private void commit(boolean sync, Collection<TopicPartition> partitions) {
        long now = System.nanoTime();
        if (!sync && now - lastCommit < TimeUnit.MILLISECONDS.toNanos(200)) {
            return;
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetTracker t = trackers.get(tp);
            if (t != null && t.hasNewCommit()) {
                offsets.put(tp, new OffsetAndMetadata(t.committable()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
            } else {
                consumer.commitAsync(offsets, null);
            }
            offsets.forEach((tp, o) -> trackers.get(tp).committed(o.offset()));
        } catch (RuntimeException e) {
            log.warn("{}: commit failed; records will be read again", name, e);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoke(partitions);
            await(partitions);
            commit(true, partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revoke(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                trackers.put(tp, new OffsetTracker());
                leases.put(tp, new PartitionLease());
            });
            if (!paused.isEmpty()) {
                consumer.pause(partitions);
                paused.addAll(partitions);
            }
        }

        private void revoke(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionLease lease = leases.get(tp);
                if (lease != null) {
                    lease.revoke();
                }
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                leases.remove(tp);
                OffsetTracker t = trackers.remove(tp);
                if (t != null) {
                    inFlight -= t.inFlight();
                }
            }
            paused.removeAll(partitions);
        }
    }
}
