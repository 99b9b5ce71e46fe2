package io.aigateway.ingress.events;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's one reader of {@code gw.events}: no consumer group (every ingress instance reads every partition and
 * serves its own subscribers), all partitions assigned, starting at the end (what happened before is the result
 * store's history). A daemon thread polls, hands each event to the live subscribers of its job, and keeps it a while
 * in {@link RecentEvents}. Partitions added to the topic later are found by listing it again every {@code
 * partition-refresh} and read from their beginning. Subscribers must not block: they get events on this thread.
 */
public class EventFeed implements SmartLifecycle {

    /** Gets a job's events as they arrive; called on the feed's thread, so it must return at once. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(JobEvent event);
    }

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private final Duration readBack;
    /** Per partition, the first offset of the last minute at start: what comes before it is for the watchers only. */
    private final Map<TopicPartition, Long> liveFrom = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LAST_MINUTE = Duration.ofMinutes(1);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaSettings kafka;
    private final Duration partitionRefresh;
    private final Clock clock;
    private final RecentEvents recent;
    private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private final List<Listener> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public EventFeed(KafkaSettings kafka, SseProperties sse, Clock clock) {
        this(kafka, sse, clock, Duration.ofMinutes(1));
    }

    /**
     * @param readBack how far back the first partitions are read at start, for the watchers (the tenants' usage: a
     *     minute for the rates, the quota's period for uploads); subscribers and the recent events get only its last
     *     minute
     */
    public EventFeed(KafkaSettings kafka, SseProperties sse, Clock clock, Duration readBack) {
        this.readBack = readBack.compareTo(LAST_MINUTE) < 0 ? LAST_MINUTE : readBack;
        this.kafka = kafka;
        this.partitionRefresh = sse.partitionRefresh();
        this.clock = clock;
        this.recent = new RecentEvents(sse.recentTtl(), sse.recentMaxJobs(), sse.recentMaxEventsPerJob());
    }

    public void subscribe(String jobId, Listener listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArraySet<>()).add(listener);
    }

    public void unsubscribe(String jobId, Listener listener) {
        listeners.computeIfPresent(jobId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** The job's events this instance saw lately, in rising order. */
    public List<JobEvent> recent(String jobId) {
        return recent.of(jobId);
    }

    /** Gets every event of every job, on the feed's thread (the tenants' usage counts); must return at once. */
    public void watch(Listener watcher) {
        watchers.add(watcher);
    }

    /** Takes an event as if read from the topic: kept as recent, handed to the job's subscribers. */
    void dispatch(JobEvent event) {
        dispatch(event, true);
    }

    /** @param live false for what is read back at start from before the last minute: for the watchers only */
    private void dispatch(JobEvent event, boolean live) {
        for (Listener watcher : watchers) {
            try {
                watcher.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("watcher failed on event {} of job {}", event.seq(), event.jobId(), e);
            }
        }
        if (!live) {
            return; // the result store has it for everyone else
        }
        Instant now = clock.instant();
        // recent first, then the listeners: a subscriber registers before it reads the recent events, so it sees
        // every event in one of the two places (possibly both; it drops repeats)
        recent.add(event, now);
        Set<Listener> subscribers = listeners.get(event.jobId());
        if (subscribers != null) {
            for (Listener l : subscribers) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("subscriber of job {} failed on event {}", event.jobId(), event.seq(), e);
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "ingress-event-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.readerConfig("ingress-events"))) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            Instant nextRefresh = Instant.MIN;
            Instant nextExpiry = Instant.MIN;
            while (running) {
                try {
                    Instant now = clock.instant();
                    if (!now.isBefore(nextRefresh)) {
                        boolean found = refresh(c, assigned);
                        nextRefresh = now.plus(found ? partitionRefresh : RETRY);
                    }
                    if (assigned.isEmpty()) {
                        sleep(RETRY);
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                        read(r);
                    }
                    if (!now.isBefore(nextExpiry)) {
                        recent.expire(now);
                        nextExpiry = now.plusSeconds(1);
                    }
                } catch (WakeupException e) {
                    if (running) {
                        log.debug("woken up while running; carrying on");
                    }
                } catch (RuntimeException e) {
                    log.warn("event feed: {}; retrying in {}", e.toString(), RETRY);
                    sleep(RETRY);
                }
            }
        } catch (RuntimeException e) {
            log.error("event feed stopped", e);
        } finally {
            consumer = null;
        }
    }

    /**
     * Assigns the partitions of {@code gw.events} not assigned yet: at the first assignment from their end, later
     * (partitions added to the topic) from their beginning. Returns whether any partition is assigned.
     */
    private boolean refresh(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(Topics.EVENTS.name(), Duration.ofSeconds(5));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("cannot list the partitions of {}: {}", Topics.EVENTS.name(), e.toString());
            return !assigned.isEmpty();
        }
        Set<TopicPartition> added = new HashSet<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition tp = new TopicPartition(info.topic(), info.partition());
            if (!assigned.contains(tp)) {
                added.add(tp);
            }
        }
        if (!added.isEmpty()) {
            boolean first = assigned.isEmpty();
            assigned.addAll(added);
            c.assign(assigned);
            if (first) {
                seekToReadBack(c, added);
            } else {
                c.seekToBeginning(added);
            }
            log.info("reading {} partition(s) of {} ({} in all)", added.size(), Topics.EVENTS.name(), assigned.size());
        }
        return !assigned.isEmpty();
    }

    /**
     * The first partitions are read from {@code readBack} ago, not from their end: the per-minute limits and the upload
     * quota then count what every instance admitted before this instance's first request (what came before is the
     * result store's history).
     */
    private void seekToReadBack(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> partitions) {
        long since = clock.instant().minus(readBack).toEpochMilli();
        Map<TopicPartition, Long> query = new java.util.HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found;
        try {
            found = c.offsetsForTimes(query, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("cannot find the offsets of {} ago ({}); reading from the end", readBack, e.toString());
            c.seekToEnd(partitions);
            return;
        }
        Map<TopicPartition, Long> lastMinute = new java.util.HashMap<>();
        partitions.forEach(
                tp -> lastMinute.put(tp, clock.instant().minus(LAST_MINUTE).toEpochMilli()));
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> live;
        Map<TopicPartition, Long> ends;
        try {
            live = c.offsetsForTimes(lastMinute, Duration.ofSeconds(5));
            ends = c.endOffsets(partitions, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            live = Map.of();
            ends = Map.of();
        }
        for (TopicPartition tp : partitions) {
            var offset = found.get(tp);
            if (offset == null) {
                c.seekToEnd(List.of(tp));
            } else {
                c.seek(tp, offset.offset());
                var liveOffset = live.get(tp);
                liveFrom.put(tp, liveOffset != null ? liveOffset.offset() : ends.getOrDefault(tp, 0L));
            }
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        JobEvent event;
        try {
            event = Topics.EVENTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
            log.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (event == null || event.jobId() == null) {
            return;
        }
        Long from = liveFrom.get(new TopicPartition(r.topic(), r.partition()));
        dispatch(event, from == null || r.offset() >= from);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
