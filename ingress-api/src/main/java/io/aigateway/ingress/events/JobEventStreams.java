package io.aigateway.ingress.events;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.JobState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens and keeps the Server-Sent Event streams of this instance. Opening one registers it with the {@link EventFeed}
 * first (so nothing published from then on is missed), then reads what is already known (the result store's state and
 * history, this instance's recent events, the job's {@code accepted} event if it was accepted here), answers 404 when
 * none of them knows the job, and hands the rest to the stream. Owns the sender threads, the timer that drives
 * heartbeats and gap timeouts, and the gauge {@code gateway.sse.open.streams}.
 */
public class JobEventStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

    private final EventFeed feed;
    private final JobLookup jobs;
    private final SseProperties properties;
    private final Clock clock;
    private final Set<JobEventStream> open = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService timer;

    public JobEventStreams(
            EventFeed feed, JobLookup jobs, SseProperties properties, Clock clock, MeterRegistry meters) {
        this.feed = feed;
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
        this.senders = new ThreadPoolExecutor(
                properties.senderThreads(),
                properties.senderThreads(),
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), // at most one task per open stream waits here
                daemon("ingress-sse-"));
        this.senders.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("ingress-sse-timer-"));
        long tickMillis = Math.max(
                10,
                Math.min(
                        1_000,
                        Math.min(
                                        properties.gapTimeout().toMillis(),
                                        properties.heartbeat().toMillis())
                                / 4));
        timer.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        Gauge.builder("gateway.sse.open.streams", open, Set::size)
                .description("Server-Sent Event streams open on this instance")
                .register(meters);
    }

    /**
     * A stream of the job's events after {@code lastEventId} (-1 for all), or {@code job_not_found} before anything is
     * written when the job is unknown to this tenant.
     */
    public SseEmitter open(String jobId, String tenantId, long lastEventId, String correlationId) {
        SseEmitter emitter = new SseEmitter(properties.maxDuration().toMillis());
        JobEventStream[] holder = new JobEventStream[1];
        JobEventStream stream = new JobEventStream(
                jobId,
                correlationId,
                lastEventId,
                new SseEmitterSink(emitter),
                this::historyOrNothing,
                senders,
                clock,
                properties.gapTimeout(),
                properties.heartbeat(),
                () -> {
                    feed.unsubscribe(jobId, holder[0]);
                    open.remove(holder[0]);
                });
        holder[0] = stream;
        feed.subscribe(jobId, stream); // first: from here on every event reaches the stream or the recent buffer
        try {
            Optional<JobState> state = jobs.state(jobId, tenantId);
            List<JobEvent> recent = feed.recent(jobId).stream()
                    .filter(e -> tenantId.equals(e.tenantId()))
                    .toList();
            if (state.isEmpty() && recent.isEmpty()) {
                throw new ApiException(ProblemCode.JOB_NOT_FOUND, "no job " + jobId);
            }
            List<JobEvent> known = new ArrayList<>(recent);
            jobs.recentlyAccepted(jobId).ifPresent(known::add);
            if (state.isPresent() && state.get().lastSeq() > lastEventId) {
                known.addAll(historyOrNothing(jobId, lastEventId));
            }
            long endedAt = state.filter(s -> s.status().isTerminal())
                    .map(JobState::lastSeq)
                    .orElse(-1L);
            open.add(stream);
            emitter.onCompletion(stream::close);
            emitter.onTimeout(() -> {
                emitter.complete();
                stream.close();
            });
            emitter.onError(error -> stream.close());
            stream.start(known, endedAt);
            return emitter;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    public int openStreams() {
        return open.size();
    }

    private List<JobEvent> historyOrNothing(String jobId, long afterSeq) {
        try {
            return jobs.history(jobId, afterSeq);
        } catch (RuntimeException e) {
            log.debug("history of job {} not available: {}", jobId, e.toString());
            return List.of();
        }
    }

    private void tick() {
        for (JobEventStream stream : open) {
            try {
                stream.tick();
            } catch (RuntimeException e) {
                log.warn("timer of the stream of job {} failed", stream.jobId(), e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        open.forEach(JobEventStream::close);
        senders.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
