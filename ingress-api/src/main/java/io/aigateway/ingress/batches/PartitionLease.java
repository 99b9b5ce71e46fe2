package io.aigateway.ingress.batches;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assignment of a partition to a {@link TopicWorker}, revoked when a rebalance takes the partition away or the
 * worker stops. From then on the partition's next owner reads the same uncommitted records and does their work itself,
 * so work this instance began for them must not go on: a webhook being retried here would otherwise reach its receiver
 * from two owners. Such work checks {@link #isRevoked()} before each step and registers {@link #onRevoke} to cancel what
 * it has scheduled.
 *
 * <p>A handler finds its record's lease with {@link #current()} while the worker calls it (the worker's handler type
 * stays a plain function of the record); work that goes on later keeps the lease it found then.
 */
public final class PartitionLease {

    private static final Logger log = LoggerFactory.getLogger(PartitionLease.class);
    private static final ThreadLocal<PartitionLease> CURRENT = new ThreadLocal<>();

    /** The lease of work started outside a worker's handler: never revoked. */
    public static final PartitionLease NONE = new PartitionLease();

    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean revoked;

    /** Thrown into (completes) work given up because its lease was revoked: not a failure to record. */
    public static final class RevokedException extends CancellationException {
        public RevokedException(String message) {
            super(message);
        }
    }

    /** The lease of the record whose handler is running on this thread, or {@link #NONE}. */
    public static PartitionLease current() {
        PartitionLease lease = CURRENT.get();
        return lease == null ? NONE : lease;
    }

    public boolean isRevoked() {
        return revoked;
    }

    /**
     * Runs {@code action} once when the lease is revoked, at once if it already is.
     *
     * @return unregisters the action: call it when the work ends, so a lease held for hours does not collect them
     */
    public Runnable onRevoke(Runnable action) {
        Runnable entry = action::run; // its own identity, whatever the caller passed
        listeners.add(entry);
        if (revoked && listeners.remove(entry)) {
            entry.run();
        }
        return () -> listeners.remove(entry);
    }

    /** Marks the lease revoked and runs what was registered; called by the worker. */
    void revoke() {
        revoked = true;
        for (Runnable entry : listeners) {
            if (listeners.remove(entry)) {
                try {
                    entry.run();
                } catch (RuntimeException e) {
                    log.warn("an action on the revocation of a partition failed", e);
                }
            }
        }
    }

    /** Calls the handler with this lease as {@link #current()}, counting it busy until its work completes. */
    <T> T call(Supplier<T> handler) {
        PartitionLease previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return handler.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    void enter() {
        busy.incrementAndGet();
    }

    void exit() {
        busy.decrementAndGet();
    }

    /** Handler calls of this lease whose work has not completed yet. */
    int busy() {
        return busy.get();
    }
}
