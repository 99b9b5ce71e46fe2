package io.aigateway.ingress.problems;

import java.io.IOException;

/**
 * A request body grew past the limit while it was read (a chunked body, which announces no length). It is an {@link
 * IOException} because it surfaces from the body's input stream; the problem handler finds it in the cause chain of
 * whatever the body reader made of it and answers 413.
 */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
