package io.aigateway.ingress.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-Sent Events of jobs ({@code gateway.ingress.sse.*}).
 *
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
 * @param gapTimeout how long a missing event id is waited for before the history is read again, and then skipped
 * @param maxDuration how long one stream may stay open at most (the client resumes with {@code Last-Event-ID})
 * @param recentTtl how long this instance keeps a job's events after the job's last one, for subscribers that arrive
 *     before the result store has folded them
 * @param recentMaxJobs jobs whose recent events are kept at most
 * @param recentMaxEventsPerJob events kept per job at most (the oldest go first; the store has them)
 * @param senderThreads threads writing to the streams (a slow client holds one while its socket is full)
 * @param partitionRefresh how often the event feed looks for partitions added to {@code gw.events}
 */
@ConfigurationProperties("gateway.ingress.sse")
public record SseProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("2s") Duration gapTimeout,
        @DefaultValue("30m") Duration maxDuration,
        @DefaultValue("30s") Duration recentTtl,
        @DefaultValue("10000") int recentMaxJobs,
        @DefaultValue("5000") int recentMaxEventsPerJob,
        @DefaultValue("4") int senderThreads,
        @DefaultValue("1m") Duration partitionRefresh) {

    public SseProperties {
        positive(heartbeat, "heartbeat");
        positive(gapTimeout, "gap-timeout");
        positive(maxDuration, "max-duration");
        positive(recentTtl, "recent-ttl");
        positive(partitionRefresh, "partition-refresh");
        if (recentMaxJobs < 1 || recentMaxEventsPerJob < 1 || senderThreads < 1) {
            throw new IllegalArgumentException(
                    "gateway.ingress.sse.recent-max-jobs, recent-max-events-per-job and sender-threads must be at least 1");
        }
    }

    public static SseProperties defaults() {
        return new SseProperties(
                Duration.ofSeconds(15),
                Duration.ofSeconds(2),
                Duration.ofMinutes(30),
                Duration.ofSeconds(30),
                10_000,
                5_000,
                4,
                Duration.ofMinutes(1));
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("gateway.ingress.sse." + name + " must be positive");
        }
    }
}
