package io.aigateway.ingress.batches;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.BatchStatus;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's view of a batch and its items, as {@code docs/api.md} documents them. The estimate of time left is the
 * time the finished items took, per item, times the items left: simple, and right on average for a batch of similar
 * calls (it ignores that items run several at once, which the per-item time already includes).
 */
final class BatchViews {

    private BatchViews() {}

    static Map<String, Object> batch(BatchState b, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("batchId", b.batchId());
        view.put("status", b.status().id());
        view.put("source", b.source());
        view.put("total", b.total());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("queued", b.queued());
        counts.put("running", b.running());
        counts.put("completed", b.completed());
        counts.put("failed", b.failed());
        view.put("counts", counts);
        view.put("done", b.done());
        view.put("progress", b.total() == 0 ? 1.0 : Math.round(1000.0 * b.done() / b.total()) / 1000.0);
        view.put("audioSecondsDone", Math.round(b.audioSecondsDone() * 1000) / 1000.0);
        view.put("route", b.route().stream().map(s -> s.id()).toList());
        view.put("wordTimings", b.wordTimings());
        view.put("postCall", b.postCall());
        view.put("round", b.round());
        view.put("createdAt", b.createdAt());
        view.put("startedAt", b.startedAt());
        view.put("finishedAt", b.finishedAt());
        view.put("estimatedSecondsLeft", secondsLeft(b, now));
        if (b.webhookUrl() != null) {
            Map<String, Object> webhook = new LinkedHashMap<>();
            webhook.put("url", b.webhookUrl());
            if (b.webhook() != null) {
                webhook.put("deliveryId", b.webhook().deliveryId());
                webhook.put("delivered", b.webhook().delivered());
                webhook.put("attempts", b.webhook().attempts());
                webhook.put("error", b.webhook().error());
                webhook.put("at", b.webhook().at());
            }
            view.put("webhook", webhook);
        }
        view.put("version", b.version());
        view.put("links", links(b.batchId()));
        return view;
    }

    static Map<String, String> links(String batchId) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/v1/batches/" + batchId);
        links.put("events", "/v1/batches/" + batchId + "/events");
        links.put("results", "/v1/batches/" + batchId + "/results");
        links.put("retry", "/v1/batches/" + batchId + "/retry");
        return links;
    }

    static Long secondsLeft(BatchState b, Instant now) {
        if (b.status() == BatchStatus.COMPLETED) {
            return 0L;
        }
        int finished = b.done();
        if (b.startedAt() == null || finished == 0) {
            return null;
        }
        double elapsed = Duration.between(b.startedAt(), now).toMillis() / 1000.0;
        return Math.round(elapsed / finished * (b.total() - finished));
    }

    /**
     * One line of the results: the item, and for a completed one its transcript (words with times when the batch asked
     * for them) and the post-call summary; for a failed one the reason.
     */
    static Map<String, Object> item(BatchState batch, BatchItemState item, JobState job) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", item.index());
        line.put("name", item.name());
        if (item.sourceUrl() != null) {
            line.put("sourceUrl", item.sourceUrl());
        }
        line.put("status", item.status().id());
        line.put("jobId", item.jobId());
        line.put("attempt", item.attempt());
        line.put("audioSeconds", item.audioSeconds());
        if (item.status() == JobStatus.COMPLETED && job != null) {
            Transcript t = job.result().transcript();
            if (t != null) {
                Map<String, Object> transcript = new LinkedHashMap<>();
                transcript.put("text", t.text() == null ? "" : t.text().strip());
                transcript.put("language", t.language());
                transcript.put("durationSeconds", t.durationSeconds());
                if (batch.wordTimings()) {
                    transcript.put("words", words(t.words()));
                }
                line.put("transcript", transcript);
            }
            if (job.result().answer() != null) {
                line.put("summary", job.result().answer().text());
            }
            String base = "/v1/batches/" + batch.batchId() + "/items/" + item.index();
            line.put("links", Map.of("srt", base + "/srt", "vtt", base + "/vtt"));
        }
        ErrorInfo error = item.error();
        if (error != null && item.status() != JobStatus.COMPLETED) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", error.code());
            e.put("message", error.message());
            e.put("retryable", error.retryable());
            line.put("error", e);
        }
        line.put("startedAt", item.startedAt());
        line.put("finishedAt", item.finishedAt());
        return line;
    }

    private static List<Map<String, Object>> words(List<Word> words) {
        return words.stream()
                .map(w -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("word", w.word());
                    m.put("start", Math.round(w.start() * 1000) / 1000.0);
                    m.put("end", Math.round(w.end() * 1000) / 1000.0);
                    m.put("confidence", Math.round(w.confidence() * 1000) / 1000.0);
                    return m;
                })
                .toList();
    }
}
