package io.aigateway.ingress.batches;

import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.BatchStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A batch's progress as Server-Sent Events: {@code event: progress}, {@code id:} the batch state's version, {@code
 * data:} the batch as {@code GET /v1/batches/{id}} shows it. The stream looks at the batch every {@code
 * progress-interval} and sends a state only when its version is above the last one sent, so ids only rise and counts
 * never go back within a round; it ends after the completed state. {@code Last-Event-ID} resumes after that version. A
 * client that goes away frees its timer at the next send or heartbeat.
 */
public final class BatchEventStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchEventStreams.class);
    private static final MediaType UTF8_JSON = new MediaType("application", "json", StandardCharsets.UTF_8);

    private final BatchLookup lookup;
    private final Clock clock;
    private final Duration interval;
    private final Duration heartbeat;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "batch-progress");
        t.setDaemon(true);
        return t;
    });

    public BatchEventStreams(BatchLookup lookup, Clock clock, Duration interval, Duration heartbeat) {
        this.lookup = lookup;
        this.clock = clock;
        this.interval = interval;
        this.heartbeat = heartbeat;
    }

    public SseEmitter open(String batchId, String tenantId, long afterVersion) {
        SseEmitter emitter = new SseEmitter(0L);
        Stream stream = new Stream(emitter, batchId, tenantId, afterVersion);
        stream.task.set(timer.scheduleWithFixedDelay(stream::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS));
        emitter.onCompletion(stream::cancel);
        emitter.onTimeout(stream::cancel);
        emitter.onError(e -> stream.cancel());
        return emitter;
    }

    private final class Stream {
        final SseEmitter emitter;
        final String batchId;
        final String tenantId;
        final AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        long sent;
        long lastWrite = System.nanoTime();
        volatile boolean done;

        Stream(SseEmitter emitter, String batchId, String tenantId, long afterVersion) {
            this.emitter = emitter;
            this.batchId = batchId;
            this.tenantId = tenantId;
            this.sent = afterVersion;
        }

        synchronized void tick() {
            if (done) {
                return;
            }
            try {
                Optional<BatchState> state;
                try {
                    state = lookup.batch(batchId, tenantId);
                } catch (RuntimeException e) {
                    log.debug("batch {} progress not readable now", batchId, e);
                    state = Optional.empty();
                }
                if (state.isPresent() && state.get().version() > sent) {
                    BatchState b = state.get();
                    emitter.send(SseEmitter.event()
                            .id(Long.toString(b.version()))
                            .name("progress")
                            .data(Json.mapper().writeValueAsString(BatchViews.batch(b, clock.instant())), UTF8_JSON));
                    sent = b.version();
                    lastWrite = System.nanoTime();
                    if (b.status() == BatchStatus.COMPLETED) {
                        cancel();
                        emitter.complete();
                        return;
                    }
                } else if (state.isPresent() && state.get().status() == BatchStatus.COMPLETED) {
                    // resumed after the last event: nothing more will come
                    cancel();
                    emitter.complete();
                    return;
                }
                if (System.nanoTime() - lastWrite > heartbeat.toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastWrite = System.nanoTime();
                }
            } catch (IOException | IllegalStateException e) {
                cancel(); // the client went away
            }
        }

        void cancel() {
            done = true;
            ScheduledFuture<?> t = task.get();
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
