package io.aigateway.pipeline.ops;

import io.aigateway.pipeline.config.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Ready while the broker answers: a cluster description within two seconds, remembered for five so that probes every
 * second cost the broker little. One admin client for the life of the process.
 */
public final class KafkaReadiness implements ReadinessCheck, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REMEMBER = Duration.ofSeconds(5);

    private final KafkaSettings settings;
    private final Clock clock;
    private Admin admin;
    private Status last;
    private Instant lastAt = Instant.MIN;

    public KafkaReadiness(KafkaSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized Status check() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(lastAt.plus(REMEMBER))) {
            return last;
        }
        last = describe();
        lastAt = now;
        return last;
    }

    private Status describe() {
        try {
            if (admin == null) {
                admin = Admin.create(settings.adminConfig());
            }
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes()
                    .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
                    .size();
            return brokers > 0
                    ? Status.ready(brokers + " broker(s) at " + settings.bootstrapServers())
                    : Status.notReady("no broker at " + settings.bootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.notReady("interrupted");
        } catch (Exception e) {
            return Status.notReady("broker at " + settings.bootstrapServers() + " does not answer: "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
