package io.aigateway.load.http;

import io.aigateway.load.cli.GatewayCtl;
import io.aigateway.load.cli.KafkaOptions;
import io.aigateway.load.cli.Progress;
import io.aigateway.load.replay.TerminalWatch;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatewayctl load}: chat, speech or any other traffic against the HTTP API, with latency percentiles. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = {
            "Send chat, speech or custom traffic to the HTTP API at a fixed rate (open model: latency from when each"
                    + " request was due) or a fixed concurrency (closed model), and report throughput and latency"
                    + " percentiles (HdrHistogram): to the 202, or with --until completed to the job's terminal"
                    + " event on gw.events (needs --bootstrap).",
            "Batch traffic: each request is a batch of --batch-items recordings (POST /v1/batches, multipart);"
                    + " with --until completed it is followed by GET /v1/batches/{id} until the batch completed.",
            "Exit code 0 when every measured request succeeded, " + GatewayCtl.INCOMPLETE + " when not."
        })
public final class LoadCommand implements Callable<Integer> {

    /** What a request is: which endpoint and body. */
    public enum Kind {
        chat,
        speech,
        batch,
        custom
    }

    /** Where a request ends. */
    public enum Until {
        accepted,
        completed
    }

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(
            names = "--url",
            defaultValue = "http://localhost:8080",
            description = "The gateway, default ${DEFAULT-VALUE}.")
    URI url;

    @Option(
            names = "--traffic",
            defaultValue = "chat",
            description = "chat, speech or custom; default ${DEFAULT-VALUE}.")
    Kind kind;

    @ArgGroup(multiplicity = "1")
    Shape shape;

    static final class Shape {
        @Option(names = "--rate", paramLabel = "PER_S", description = "Requests started per second (open model).")
        Double rate;

        @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight (closed model).")
        Integer concurrency;
    }

    @Option(
            names = "--duration",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "Measured seconds, default ${DEFAULT-VALUE}.")
    int duration;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Unmeasured seconds first, default ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
            names = "--until",
            defaultValue = "accepted",
            description = "accepted (202) or completed (terminal event); default ${DEFAULT-VALUE}.")
    Until until;

    @Option(
            names = "--api-key",
            defaultValue = "${env:GATEWAY_API_KEY}",
            description = "Sent as Authorization: Bearer <key> (default: $GATEWAY_API_KEY).")
    String apiKey;

    @Option(names = "--model", description = "chat: the model each job asks for (options.model).")
    String model;

    @Option(names = "--audio", description = "speech, batch: a WAV file to send (default: 2 s of a generated tone).")
    Path audio;

    @Option(
            names = "--batch-items",
            defaultValue = "10",
            description = "batch: recordings per batch, default ${DEFAULT-VALUE}.")
    int batchItems;

    @Option(names = "--path", description = "custom: the path to POST to.")
    String path;

    @Option(names = "--body", description = "custom: the body.")
    String body;

    @Option(names = "--body-file", description = "custom: the body, from a file.")
    Path bodyFile;

    @Option(
            names = "--content-type",
            defaultValue = "application/json",
            description = "custom: the body's type, default ${DEFAULT-VALUE}.")
    String contentType;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            converter = io.aigateway.load.cli.DurationConverter.class,
            description = "Per request, and how long to wait for the last ones; default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(
            names = "--max-in-flight",
            defaultValue = "1024",
            description = "--rate: requests open at most at once; one due beyond it is not sent and counts as failed"
                    + " (client limit), default ${DEFAULT-VALUE}.")
    int maxInFlight;

    @Option(names = "--json", description = "Also print the result as one JSON line (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (shape.rate != null && !(shape.rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be above 0");
        }
        if (shape.concurrency != null && shape.concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        }
        if (maxInFlight < 1) {
            throw new ParameterException(spec.commandLine(), "--max-in-flight must be at least 1");
        }
        if (duration < 1 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--duration must be at least 1 and --warmup not negative");
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (apiKey != null && !apiKey.startsWith("gwk_")) {
            throw new ParameterException(spec.commandLine(), "--api-key: a gateway key starts with gwk_");
        }
        Traffic traffic = traffic();
        PrintWriter out = spec.commandLine().getOut();
        boolean followProgress = until == Until.completed && kind == Kind.batch;
        TerminalWatch watch = until == Until.completed && !followProgress ? new TerminalWatch(kafka.settings()) : null;
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        HttpLoad load = new HttpLoad(traffic, apiKey, watch, followProgress, timeout, ioThreads, maxInFlight);
        String shapeText = shape.rate != null
                ? java.math.BigDecimal.valueOf(shape.rate).stripTrailingZeros().toPlainString() + "/s"
                : shape.concurrency + " in flight";
        out.printf(
                Locale.ROOT,
                "load: %s, %s, until %s, warm-up %d s, measured %d s%n",
                traffic.describe(),
                shapeText,
                until,
                warmup,
                duration);
        out.flush();
        HttpLoad.Result result;
        try {
            if (warmup > 0) {
                run(load, warmup, false, "warm-up");
            }
            result = run(load, duration, true, "measure");
        } finally {
            load.close();
            if (watch != null) {
                watch.close();
            }
        }
        out.printf(
                Locale.ROOT,
                "%s %s: throughput %.1f/s, started %d, ok %d, failed %d %s%n",
                kind,
                shapeText,
                result.throughput(),
                result.started(),
                result.ok(),
                result.failed(),
                result.failures().isEmpty() ? "" : result.failures());
        out.printf(
                Locale.ROOT,
                "latency ms (to %s): p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n",
                until,
                result.ms(50),
                result.ms(90),
                result.ms(99),
                result.ms(99.9),
                result.latencyMicros().getMaxValue() / 1000.0);
        if (json) {
            out.printf(
                    Locale.ROOT,
                    "{\"traffic\":\"%s\",\"until\":\"%s\",\"rate\":%s,\"concurrency\":%s,\"throughput\":%.1f,"
                            + "\"started\":%d,\"ok\":%d,\"failed\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
                            + "\"p999\":%.3f,\"max\":%.3f}%n",
                    kind,
                    until,
                    shape.rate,
                    shape.concurrency,
                    result.throughput(),
                    result.started(),
                    result.ok(),
                    result.failed(),
                    nan0(result.ms(50)),
                    nan0(result.ms(90)),
                    nan0(result.ms(99)),
                    nan0(result.ms(99.9)),
                    result.latencyMicros().getMaxValue() / 1000.0);
        }
        out.flush();
        return result.failed() == 0 && result.unfinished() == 0 ? 0 : GatewayCtl.INCOMPLETE;
    }

    private HttpLoad.Result run(HttpLoad load, int seconds, boolean measure, String label) throws InterruptedException {
        try (Progress progress = new Progress(label, seconds, load::elapsedSeconds, load::status)) {
            return shape.rate != null
                    ? load.atRate(shape.rate, seconds, measure)
                    : load.atConcurrency(shape.concurrency, seconds, measure);
        }
    }

    private Traffic traffic() {
        return switch (kind) {
            case chat -> Traffic.chat(url, model);
            case speech ->
                audio == null
                        ? Traffic.speech(url, Traffic.tone(2), "a 2 s generated tone")
                        : Traffic.speech(url, Traffic.read(audio), audio.toString());
            case batch -> {
                if (batchItems < 1) {
                    throw new ParameterException(spec.commandLine(), "--batch-items must be at least 1");
                }
                yield audio == null
                        ? Traffic.batch(url, Traffic.tone(2), "a 2 s generated tone", batchItems)
                        : Traffic.batch(url, Traffic.read(audio), audio.toString(), batchItems);
            }
            case custom -> {
                if (path == null || !path.startsWith("/")) {
                    throw new ParameterException(spec.commandLine(), "--traffic custom needs --path /v1/...");
                }
                if ((body == null) == (bodyFile == null)) {
                    throw new ParameterException(spec.commandLine(), "--traffic custom needs --body or --body-file");
                }
                byte[] bytes = body != null ? body.getBytes(StandardCharsets.UTF_8) : Traffic.read(bodyFile);
                yield Traffic.custom(url, path, contentType, bytes);
            }
        };
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
