package io.aigateway.ingress.batches;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Batch transcription settings ({@code gateway.ingress.batches.*}).
 *
 * @param enabled whether this instance offers {@code /v1/batches} and runs the batch consumers
 * @param maxItems most recordings in one batch
 * @param itemDeadline how long an item's job may take from its dispatch (it waits in the batch lane behind interactive
 *     work, so far longer than an interactive job's deadline)
 * @param fetch how audio URLs are fetched
 * @param webhook how completions are announced
 * @param feeds the feeds allowed to publish on {@code gw.ingest}: feed id to the tenant its batches belong to
 * @param progressInterval how often a progress stream (SSE) looks for a change
 * @param heartbeat how often an idle progress stream sends a comment
 */
@ConfigurationProperties("gateway.ingress.batches")
public record BatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") int maxItems,
        @DefaultValue("24h") Duration itemDeadline,
        @DefaultValue Fetch fetch,
        @DefaultValue Webhook webhook,
        Map<String, Feed> feeds,
        @DefaultValue("250ms") Duration progressInterval,
        @DefaultValue("15s") Duration heartbeat) {

    public BatchProperties {
        if (maxItems < 1) {
            throw new IllegalArgumentException("gateway.ingress.batches.max-items must be at least 1");
        }
        feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
    }

    /**
     * Fetching recordings by URL: only from {@code allowedHosts} (exact names or {@code *.suffix}), only http and
     * https, never with credentials in the URL, never to a private, loopback, link-local, unique-local, multicast or
     * metadata address (every address the name resolves to is checked) unless its network is listed in {@code
     * allowedNetworks} (CIDR, for an on-premises store; recordings only, webhooks have their own), never following a
     * redirect.
     *
     * @param maxBytes largest recording fetched; a longer body is cut off and the item fails
     * @param connectTimeout time to connect
     * @param timeout time for the whole response
     * @param concurrency downloads at once per request or feed record
     */
    public record Fetch(
            List<String> allowedHosts,
            List<String> allowedNetworks,
            @DefaultValue("25MB") DataSize maxBytes,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration timeout,
            @DefaultValue("4") int concurrency) {

        public Fetch {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        }
    }

    /**
     * Completion webhooks: a POST signed with HMAC-SHA256 (docs/api.md says how to verify), retried with backoff. The
     * URL passes the same guard as recordings' ({@link UrlPolicy}) with a policy of its own: a network allowed for
     * fetching recordings (an on-premises store) is not thereby open to webhooks, which a client names.
     *
     * @param signingKey the gateway's key from which each batch's webhook secret is derived, at least {@value
     *     WebhookSigner#MIN_KEY_BYTES} bytes, the same on every instance ({@code
     *     GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY}): the instance that hands a batch its secret in the 202 is rarely
     *     the one that later signs its webhook. Required: without it the ingress does not start
     * @param allowEphemeralKey without a signing key, make a random one at start instead of refusing to start: only for
     *     a single instance on a developer's machine (secrets then change at every restart)
     * @param allowedHosts hosts webhooks may go to; empty means any host at a public address
     * @param allowedNetworks networks (CIDR) webhooks may reach although they are private, loopback or link-local;
     *     empty (the default) means none. Independent of {@code fetch.allowed-networks}
     * @param maxAttempts requests before the delivery is given up
     * @param initialBackoff wait after the first failure; doubles each time up to {@code maxBackoff}
     * @param timeout time for one request
     */
    public record Webhook(
            String signingKey,
            @DefaultValue("false") boolean allowEphemeralKey,
            List<String> allowedHosts,
            List<String> allowedNetworks,
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("10s") Duration timeout) {

        public Webhook {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("gateway.ingress.batches.webhook.max-attempts must be at least 1");
            }
        }
    }

    /** A feed on {@code gw.ingest} and the tenant its batches belong to. */
    public record Feed(String tenant) {}
}
