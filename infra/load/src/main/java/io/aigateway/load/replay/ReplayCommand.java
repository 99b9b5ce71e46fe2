package io.aigateway.load.replay;

import io.aigateway.load.cli.DurationConverter;
import io.aigateway.load.cli.GatewayCtl;
import io.aigateway.load.cli.KafkaOptions;
import io.aigateway.load.cli.Progress;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatewayctl replay}: a stretch of the step topics into the pipeline again, as new jobs, accounted for. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Republish the jobs that entered the pipeline in a window of the step topics, as new jobs marked as"
                    + " replays (fresh job and correlation ids, header x-replay-of), at a fixed rate or at the"
                    + " recorded pacing sped up; then wait until each replayed job has ended (completed, failed or"
                    + " cancelled on gw.events).",
            "Exit code 0 when every replayed job is accounted for (ended, whatever its outcome), "
                    + GatewayCtl.INCOMPLETE
                    + " when the broker did not take one or one did not end within --wait, "
                    + GatewayCtl.NOT_WAITED
                    + " when the jobs were published and --wait 0 said not to wait for them."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            split = ",",
            description = "Step topics to read (gw.step.<step> or the step id), default all four.")
    List<String> topics = new ArrayList<>();

    @Option(
            names = "--from-time",
            paramLabel = "INSTANT",
            description = "Start (inclusive), ISO-8601: 2026-12-04T10:00:00Z.")
    Instant fromTime;

    @Option(names = "--to-time", paramLabel = "INSTANT", description = "End (exclusive), ISO-8601.")
    Instant toTime;

    @Option(names = "--from-offset", paramLabel = "N", description = "Start offset (inclusive) on every partition.")
    Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "N", description = "End offset (exclusive) on every partition.")
    Long toOffset;

    @ArgGroup(multiplicity = "1")
    PacingOptions pacing;

    static final class PacingOptions {
        @Option(names = "--rate", paramLabel = "JOBS_PER_S", description = "Republish at this fixed rate.")
        Double rate;

        @Option(
                names = "--speed",
                paramLabel = "FACTOR",
                description = "Republish at the recorded pacing, this many times faster (1 = as recorded).")
        Double speed;
    }

    @Option(names = "--limit", paramLabel = "N", description = "Replay at most this many jobs (the earliest).")
    long limit = Long.MAX_VALUE;

    @Option(
            names = "--mock-model",
            paramLabel = "MODEL",
            description = "Every replayed job that runs the llm step asks for this model instead of its own (a route"
                    + " served by mock providers, e.g. mock-grounded locally).")
    String mockModel;

    @Option(
            names = "--mock-providers",
            description = "Every step of every replayed job runs on its worker's mock provider, whatever the worker"
                    + " is configured with (stt, rag, llm with the job's own model, tts), so a load test bills no"
                    + " provider. The jobs are marked options.mockProviders.")
    boolean mockProviders;

    @Option(
            names = "--include-replays",
            description = "Also replay jobs that were themselves replays or redriven dead letters.")
    boolean includeReplays;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            defaultValue = "PT5M",
            converter = DurationConverter.class,
            description = "How long to wait for the replayed jobs to end (ISO-8601 or 30s, 5m; 0 = do not wait),"
                    + " default 5m.")
    Duration wait;

    @Option(names = "--dry-run", description = "Only read the window and say what would be replayed.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Window window;
        try {
            window = new Window(fromTime, fromOffset, toTime, toOffset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Pacing pace;
        try {
            pace = pacing.rate != null ? Pacing.rate(pacing.rate) : Pacing.recorded(pacing.speed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        List<String> names = topicNames();
        PrintWriter out = spec.commandLine().getOut();
        KafkaSettings settings = kafka.settings();

        RecordedJobs.Read read = new RecordedJobs(settings).read(names, window, includeReplays, limit);
        out.printf(
                Locale.ROOT,
                "read %s: %,d jobs to replay (passed over: %,d later hops, %,d replays or redrives, %,d unreadable)%n",
                String.join(",", names),
                read.jobs().size(),
                read.laterHops(),
                read.replays(),
                read.unreadable());
        if (dryRun || read.jobs().isEmpty()) {
            out.flush();
            return 0;
        }
        try (GatewayProducer producer = new GatewayProducer(new KafkaProducer<>(settings.producerConfig()));
                TerminalWatch watch = new TerminalWatch(settings)) {
            Replayer replayer = new Replayer(producer, Clock.systemUTC(), mockModel, mockProviders);
            AtomicLong handed = new AtomicLong();
            Replayer.Sent sent;
            try (Progress progress = new Progress(
                    "replay",
                    read.jobs().size(),
                    handed::get,
                    () -> String.format(Locale.ROOT, "ended %,d", watch.ended()))) {
                sent = replayer.replay(read.jobs(), pace, watch::watch, watch::forget, handed::set);
            }
            out.printf(
                    Locale.ROOT,
                    "replayed %,d jobs at %s in %.1f s (%.0f jobs/s), %,d not taken by the broker%n",
                    sent.sent(),
                    pace,
                    sent.elapsed().toNanos() / 1e9,
                    sent.sent() / Math.max(1e-9, sent.elapsed().toNanos() / 1e9),
                    sent.failed());
            out.flush();
            if (wait.isZero()) {
                out.printf(
                        Locale.ROOT,
                        "not waiting for them (--wait 0): follow them on gw.events (correlation ids replay-...)%n");
                out.flush();
                return sent.failed() == 0 ? GatewayCtl.NOT_WAITED : GatewayCtl.INCOMPLETE;
            }
            boolean all;
            try (Progress progress = new Progress(
                    "ended ",
                    sent.sent(),
                    watch::ended,
                    () -> String.format(Locale.ROOT, "pending %,d", watch.pending()))) {
                all = watch.awaitAll(wait);
            }
            Histogram latency = watch.latencies();
            out.printf(
                    Locale.ROOT,
                    "accounted for %,d of %,d replayed jobs %s; unaccounted %,d%n",
                    watch.ended(),
                    sent.sent(),
                    watch.outcomes(),
                    watch.pending());
            if (latency.getTotalCount() > 0) {
                out.printf(
                        Locale.ROOT,
                        "sent to end, ms: p50=%.1f p90=%.1f p99=%.1f max=%.1f%n",
                        latency.getValueAtPercentile(50) / 1000.0,
                        latency.getValueAtPercentile(90) / 1000.0,
                        latency.getValueAtPercentile(99) / 1000.0,
                        latency.getMaxValue() / 1000.0);
            }
            out.flush();
            return all && sent.failed() == 0 ? 0 : GatewayCtl.INCOMPLETE;
        }
    }

    private List<String> topicNames() {
        if (topics.isEmpty()) {
            return Arrays.stream(Step.values()).map(s -> Topics.step(s).name()).toList();
        }
        List<String> names = new ArrayList<>();
        for (String t : topics) {
            String name = t.trim();
            Step step = Arrays.stream(Step.values())
                    .filter(s -> s.id().equalsIgnoreCase(name)
                            || Topics.step(s).name().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "--topic " + name + ": not a step topic; one of "
                                    + Arrays.stream(Step.values())
                                            .map(s -> Topics.step(s).name())
                                            .toList()
                                    + " (jobs enter the pipeline there; gw.events holds no job input)"));
            names.add(Topics.step(step).name());
        }
        return names.stream().distinct().toList();
    }
}
