package io.aigateway.schemas.batch;

import io.aigateway.schemas.SchemaVersion;
import java.util.List;

/**
 * A transcription request a call-center feed publishes straight to {@code gw.ingest}, keyed by {@code requestId}: a
 * batch of recordings by URL. The feed is bound to a tenant by the gateway's configuration ({@code
 * gateway.ingress.batches.feeds.<feedId>.tenant}), never by the record; a record of an unknown feed, or one that breaks
 * this contract, goes to {@code gw.dlt} with the reason. The same (feed, request id) again is the same batch, so a feed
 * that publishes twice makes one batch. Published as {@code ingest-request.schema.json}.
 *
 * @param requestId the feed's own id of the request, unique within the feed
 * @param language BCP 47 tag of the recordings, for example {@code en-US}; null for the engine's default
 * @param wordTimings whether results carry each word's times (default true)
 * @param redactPii whether transcripts and summaries have personal data replaced
 * @param postCall {@code summary} for an LLM summary with action items after each transcript, or null
 * @param webhookUrl where the batch's completion is announced, signed; null for none
 */
public record IngestRequest(
        int schemaVersion,
        String feedId,
        String requestId,
        List<Recording> recordings,
        String language,
        Boolean wordTimings,
        Boolean redactPii,
        String postCall,
        String webhookUrl) {

    public IngestRequest {
        recordings = recordings == null ? List.of() : List.copyOf(recordings);
    }

    public static IngestRequest of(String feedId, String requestId, List<Recording> recordings) {
        return new IngestRequest(SchemaVersion.CURRENT, feedId, requestId, recordings, null, null, null, null, null);
    }

    /** One recording, fetched by the gateway from an allowed host. */
    public record Recording(String url, String name) {}
}
