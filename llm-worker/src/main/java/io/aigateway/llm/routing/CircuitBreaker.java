package io.aigateway.llm.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker of one provider instance: {@code failures} consecutive retryable failures open it; while open it
 * refuses calls, so a failing provider is not hammered and the route's next instance answers at once; after
 * {@code openFor} one trial call goes through (half-open): its success closes the breaker, its failure opens it again.
 * Failures the provider is not to blame for (a 400) neither count nor reset the count.
 *
 * <p>Hand-written rather than resilience4j's: the whole behaviour is these few lines, it needs the gateway's own
 * notion of which failures count, and the router already does retries and timeouts, which is most of what the library
 * would bring.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failures;
    private final Duration openFor;
    private final Clock clock;
    private int consecutive;
    private State state = State.CLOSED;
    private Instant openedAt;
    private boolean trialOut;

    public CircuitBreaker(int failures, Duration openFor, Clock clock) {
        this.failures = failures;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go out now; in half-open state only one trial call at a time does. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            trialOut = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialOut) {
                    yield false;
                }
                trialOut = true;
                yield true;
            }
        };
    }

    public synchronized void onSuccess() {
        consecutive = 0;
        state = State.CLOSED;
        trialOut = false;
    }

    public synchronized void onFailure() {
        consecutive++;
        if (state == State.HALF_OPEN || consecutive >= failures) {
            state = State.OPEN;
            openedAt = clock.instant();
            trialOut = false;
        }
    }

    /** A call that ended without saying anything about the provider's health (a rejected request). */
    public synchronized void onNeutral() {
        if (state == State.HALF_OPEN) {
            trialOut = false;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
