package io.aigateway.ingress.events;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectWriter;

/**
 * Writes job events as Server-Sent Events: {@code id} is the event's sequence number, {@code event} its type, {@code
 * data} its JSON as the message mapper writes it (the same form as on {@code gw.events}, one line).
 */
final class SseEmitterSink implements EventSink {

    private static final MediaType UTF8_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final ObjectWriter EVENT = Json.mapper().writerFor(JobEvent.class);

    private final SseEmitter emitter;

    SseEmitterSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void send(JobEvent event) throws IOException {
        emitter.send(SseEmitter.event()
                .id(Long.toString(event.seq()))
                .name(event.type())
                .data(EVENT.writeValueAsString(event), UTF8_TEXT));
    }

    @Override
    public void heartbeat() throws IOException {
        emitter.send(SseEmitter.event().comment("heartbeat"));
    }

    @Override
    public void complete() {
        emitter.complete();
    }
}
