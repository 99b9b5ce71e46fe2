package io.aigateway.load.dlt;

import io.aigateway.load.cli.DurationConverter;
import io.aigateway.load.cli.GatewayCtl;
import io.aigateway.load.cli.KafkaOptions;
import io.aigateway.load.replay.TerminalWatch;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.json.Json;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatewayctl dlt}: the dead letters on {@code gw.dlt}, listed, shown one by one, and redriven. */
@Command(
        name = "dlt",
        mixinStandardHelpOptions = true,
        description = "List, show and redrive dead letters (gw.dlt). A letter's id is <partition>/<offset>.",
        subcommands = {DltCommand.ListLetters.class, DltCommand.Show.class, DltCommand.Redrive.class})
public final class DltCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per dead letter.")
    static final class ListLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Option(names = "--topic", description = "Only letters from this original topic.")
        String topic;

        @Option(names = "--waiting", description = "Only letters not redriven yet.")
        boolean waiting;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<DeadLetter> letters = new DeadLetterLog(kafka.settings())
                    .read().stream()
                            .filter(l -> topic == null || topic.equals(l.originalTopic()))
                            .filter(l -> !waiting || !l.redriven())
                            .toList();
            out.printf(
                    Locale.ROOT,
                    "%-10s %-24s %-14s %-9s %-8s %-9s %s%n",
                    "ID",
                    "FAILED AT",
                    "TOPIC",
                    "FROM",
                    "ATTEMPTS",
                    "STATUS",
                    "ERROR");
            for (DeadLetter l : letters) {
                out.printf(
                        Locale.ROOT,
                        "%-10s %-24s %-14s %-9s %-8s %-9s %s%n",
                        l.id(),
                        l.failedAt() != null ? l.failedAt() : Instant.ofEpochMilli(l.timestamp()),
                        l.originalTopic(),
                        l.originalPosition(),
                        l.attempts(),
                        l.redriven() ? "redriven" : "waiting",
                        oneLine(simpleName(l.errorClass()) + ": " + l.errorMessage(), 100));
            }
            out.printf(
                    Locale.ROOT,
                    "%d dead letters, %d waiting%n",
                    letters.size(),
                    letters.stream().filter(l -> !l.redriven()).count());
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A dead letter whole: headers, key, value.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Parameters(paramLabel = "ID", description = "The letter, <partition>/<offset> as listed.")
        String id;

        @Override
        public Integer call() {
            checkId(spec, id);
            PrintWriter out = spec.commandLine().getOut();
            DeadLetter l = new DeadLetterLog(kafka.settings())
                    .find(id)
                    .orElseThrow(
                            () -> new ParameterException(spec.commandLine(), "no dead letter " + id + " on gw.dlt"));
            out.printf(Locale.ROOT, "id:        %s%n", l.id());
            out.printf(Locale.ROOT, "status:    %s%n", l.redriven() ? "redriven" : "waiting");
            out.printf(Locale.ROOT, "stored at: %s%n", Instant.ofEpochMilli(l.timestamp()));
            out.println("headers:");
            for (Map.Entry<String, String> h : l.headerMap().entrySet()) {
                out.printf(Locale.ROOT, "  %s: %s%n", h.getKey(), h.getValue());
            }
            out.printf(Locale.ROOT, "key:       %s%n", text(l.key()));
            out.printf(Locale.ROOT, "value:%n%s%n", pretty(l.value()));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = {
                "Redrive dead letters. A dead-lettered job runs again as a new job (fresh job and correlation ids,"
                        + " redrive-..., its whole route from the first step, its own accepted event, x-redrive-of"
                        + " naming the original job); any other record is published again to its original topic as it"
                        + " was (x-redrive-of: gw.dlt/<id>). Each letter is claimed on gw.dlt first, so it is"
                        + " redriven at most once, even by two operators at the same moment.",
                "Exit code 0 when every named letter was redriven now or before (and, with --wait, every new job"
                        + " completed), " + GatewayCtl.INCOMPLETE + " when a letter was not found or had no original"
                        + " topic, or a new job failed or did not end within --wait, " + GatewayCtl.NOT_WAITED
                        + " when new jobs were published and not waited for."
            })
    static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Parameters(paramLabel = "ID", arity = "0..*", description = "Letters to redrive.")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Redrive every letter not redriven yet.")
        boolean all;

        @Option(
                names = "--again",
                description = "Redrive the named letters even if they are marked redriven: for a redrive that stopped"
                        + " between its claim and its publish (its job never started).")
        boolean again;

        @Option(
                names = "--wait",
                paramLabel = "DURATION",
                defaultValue = "0s",
                converter = DurationConverter.class,
                description = "How long to wait for the new jobs to end (ISO-8601 or 30s, 5m), default 0: do not wait.")
        Duration wait;

        @Override
        public Integer call() throws InterruptedException {
            if (all == !ids.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(), "name the letters to redrive, or give --all (not both)");
            }
            if (again && all) {
                throw new ParameterException(spec.commandLine(), "--again takes named letters, not --all");
            }
            ids.forEach(id -> checkId(spec, id));
            PrintWriter out = spec.commandLine().getOut();
            var settings = kafka.settings();
            Map<String, DeadLetterLog.Redrive> outcomes;
            Map<String, String> ends = new ConcurrentHashMap<>();
            try (GatewayProducer producer = new GatewayProducer(new KafkaProducer<>(settings.producerConfig()));
                    TerminalWatch watch = wait.isZero() ? null : new TerminalWatch(settings)) {
                if (watch != null) {
                    // a new job's correlation id is chosen before it is sent; watch the ones that end from the start
                    watch.listen((correlationId, type, nanos) -> ends.put(correlationId, type));
                }
                outcomes =
                        new DeadLetterLog(settings).redrive(ids, producer, again, watch == null ? null : watch::watch);
                if (watch != null) {
                    watch.awaitAll(wait);
                }
            }
            long newJobs = 0;
            boolean ok = true;
            for (Map.Entry<String, DeadLetterLog.Redrive> e : outcomes.entrySet()) {
                DeadLetterLog.Redrive r = e.getValue();
                String line = e.getKey() + " "
                        + r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                if (r.outcome() == DeadLetterLog.Outcome.REDRIVEN && r.jobId() != null) {
                    newJobs++;
                    String end = ends.get(r.correlationId());
                    line += " as job " + r.jobId() + " (correlation " + r.correlationId() + ")"
                            + (wait.isZero()
                                    ? ""
                                    : ": " + (end == null ? "not ended within " + wait.toSeconds() + " s" : end));
                    ok &= wait.isZero() || "completed".equals(end);
                } else if (r.outcome() == DeadLetterLog.Outcome.REDRIVEN) {
                    line += " as it was";
                } else if (r.outcome() == DeadLetterLog.Outcome.ALREADY_REDRIVEN && r.jobId() != null) {
                    line += " (as job " + r.jobId() + ")";
                } else {
                    ok &= r.outcome() == DeadLetterLog.Outcome.ALREADY_REDRIVEN;
                }
                out.println(line);
            }
            long redriven = outcomes.values().stream()
                    .filter(o -> o.outcome() == DeadLetterLog.Outcome.REDRIVEN)
                    .count();
            out.printf(Locale.ROOT, "%d redriven%n", redriven);
            out.flush();
            if (!ok) {
                return GatewayCtl.INCOMPLETE;
            }
            return newJobs > 0 && wait.isZero() ? GatewayCtl.NOT_WAITED : 0;
        }
    }

    static void checkId(CommandSpec spec, String id) {
        if (!id.matches("\\d+/\\d+")) {
            throw new ParameterException(
                    spec.commandLine(), "'" + id + "' is not a dead letter id: <partition>/<offset>, e.g. 0/17");
        }
    }

    private static String simpleName(String className) {
        return className == null ? "?" : className.substring(className.lastIndexOf('.') + 1);
    }

    private static String oneLine(String s, int max) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private static String text(byte[] bytes) {
        if (bytes == null) {
            return "(none)";
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }

    private static String pretty(byte[] bytes) {
        String s = text(bytes);
        try {
            return Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Json.mapper().readTree(s));
        } catch (RuntimeException e) {
            return s;
        }
    }
}
