package io.aigateway.ingress.events;

import io.aigateway.schemas.event.JobEvent;
import java.io.IOException;

/** Where one subscriber's events go: a Server-Sent Events response, or a recording fake in tests. */
interface EventSink {

    /** Writes one event; may block while the client's socket is full; fails when the client went away. */
    void send(JobEvent event) throws IOException;

    /** Writes a comment line, which keeps an idle connection open. */
    void heartbeat() throws IOException;

    /** Ends the response. */
    void complete();
}
