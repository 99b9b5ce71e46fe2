package io.aigateway.ingress.batches;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * The JSON form of {@code POST /v1/batches}: recordings by URL and the batch's options.
 *
 * @param urls the recordings: each a URL string or {@code {"url", "name"}}
 * @param wordTimings whether results carry each word's times (default true)
 * @param postCall {@code summary} for an LLM summary with action items after each transcript
 * @param webhookUrl where the completion is announced, signed
 */
public record BatchRequest(
        List<UrlEntry> urls,
        String language,
        Boolean wordTimings,
        Boolean redactPii,
        String postCall,
        String webhookUrl) {

    public BatchRequest {
        urls = urls == null ? List.of() : urls;
    }

    /** A recording by URL, with an optional name for people. */
    public record UrlEntry(String url, String name) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static UrlEntry of(String url) {
            return new UrlEntry(url, null);
        }
    }
}
