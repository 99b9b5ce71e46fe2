package io.aigateway.ingress.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a Server-Sent Events response to its end with a plain HTTP client, as a browser's EventSource sees it. */
public final class SseReader {

    public record SseEvent(String id, String event, String data) {
        public long seq() {
            return Long.parseLong(id);
        }
    }

    public record SseStream(int status, String contentType, List<SseEvent> events, List<String> comments, String raw) {}

    /** A stream being read: the lines so far (to wait on while it runs) and the whole stream once it ended. */
    public record Reading(List<String> lines, CompletableFuture<SseStream> done) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Reading read(URI uri, String lastEventIdHeader) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "text/event-stream");
        if (lastEventIdHeader != null) {
            request.header("Last-Event-ID", lastEventIdHeader);
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<SseStream> done = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenApplyAsync(response -> {
                    try (Stream<String> body = response.body()) {
                        body.forEach(lines::add);
                    }
                    String contentType =
                            response.headers().firstValue("Content-Type").orElse("");
                    return parse(response.statusCode(), contentType, lines);
                });
        return new Reading(lines, done);
    }

    private static SseStream parse(int status, String contentType, List<String> lines) {
        List<SseEvent> events = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.isEmpty()) {
                if (!data.isEmpty() || id != null) {
                    events.add(new SseEvent(id, event, data.toString()));
                }
                id = null;
                event = null;
                data.setLength(0);
            } else if (line.startsWith(":")) {
                comments.add(line);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
        if (!data.isEmpty() || id != null) {
            events.add(new SseEvent(id, event, data.toString()));
        }
        return new SseStream(status, contentType, events, comments, String.join("\n", lines));
    }
}
