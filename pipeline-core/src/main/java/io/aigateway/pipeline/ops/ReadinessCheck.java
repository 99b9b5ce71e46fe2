package io.aigateway.pipeline.ops;

/**
 * One thing a service needs before it can take work: the broker, its step runtimes, its result store. {@code /ready}
 * asks every check in the process; any module adds one by declaring a bean. A check answers quickly (cache what is
 * slow to learn) and never throws.
 */
public interface ReadinessCheck {

    /** A short stable name, the key in {@code /ready}'s answer. */
    String name();

    Status check();

    record Status(boolean ready, String detail) {

        public static Status ready(String detail) {
            return new Status(true, detail);
        }

        public static Status notReady(String detail) {
            return new Status(false, detail);
        }
    }
}
