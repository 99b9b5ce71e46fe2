package io.aigateway.load.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad command lines end with exit code 2 and say what is wrong, before any broker or server is contacted. */
class OptionParsingTest {

    // a port nothing listens on: a command that got past its checks would fail differently (and slowly)
    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void replayNeedsExactlyOnePacing() {
        Run none = Run.of("replay", "-b", NOWHERE);
        assertThat(none.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(none.err())
                .contains("Missing required argument")
                .contains("--rate")
                .contains("--speed");

        Run both = Run.of("replay", "-b", NOWHERE, "--rate", "10", "--speed", "2");
        assertThat(both.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void replayRefusesABadWindow() {
        Run timeAndOffset = Run.of(
                "replay", "-b", NOWHERE, "--rate", "10", "--from-time", "2026-12-04T10:00:00Z", "--from-offset", "5");
        assertThat(timeAndOffset.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(timeAndOffset.err()).contains("give the start as a time or as an offset, not both");

        Run backwards = Run.of(
                "replay",
                "-b",
                NOWHERE,
                "--rate",
                "10",
                "--from-time",
                "2026-12-04T10:00:00Z",
                "--to-time",
                "2026-12-04T09:00:00Z");
        assertThat(backwards.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(backwards.err()).contains("is not before the end");

        Run notATime = Run.of("replay", "-b", NOWHERE, "--rate", "10", "--from-time", "yesterday");
        assertThat(notATime.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(notATime.err()).contains("--from-time").contains("yesterday");
    }

    @Test
    void replayRefusesAZeroRateAndTopicsWithoutJobInput() {
        Run zero = Run.of("replay", "-b", NOWHERE, "--rate", "0");
        assertThat(zero.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(zero.err()).contains("the rate must be above 0");

        Run events = Run.of("replay", "-b", NOWHERE, "--rate", "10", "--topic", "gw.events");
        assertThat(events.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(events.err()).contains("--topic gw.events: not a step topic").contains("gw.step.llm");

        Run badWait = Run.of("replay", "-b", NOWHERE, "--rate", "10", "--wait", "soon");
        assertThat(badWait.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(badWait.err()).contains("'soon' is not a duration");
    }

    @Test
    void loadNeedsOneShapeAndAGatewayKey() {
        Run none = Run.of("load", "--url", "http://127.0.0.1:1");
        assertThat(none.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(none.err()).contains("--rate").contains("--concurrency");

        Run both = Run.of("load", "--url", "http://127.0.0.1:1", "--rate", "5", "--concurrency", "2");
        assertThat(both.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);

        Run key = Run.of("load", "--url", "http://127.0.0.1:1", "--rate", "5", "--api-key", "sk-openai");
        assertThat(key.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(key.err()).contains("a gateway key starts with gwk_");

        Run traffic = Run.of("load", "--url", "http://127.0.0.1:1", "--rate", "5", "--traffic", "video");
        assertThat(traffic.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(traffic.err()).contains("video").contains("chat, speech, batch, custom");

        Run custom = Run.of("load", "--url", "http://127.0.0.1:1", "--rate", "5", "--traffic", "custom");
        assertThat(custom.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(custom.err()).contains("--traffic custom needs --path");
    }

    @Test
    void dltNeedsWellFormedIds() {
        Run show = Run.of("dlt", "show", "-b", NOWHERE, "latest");
        assertThat(show.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(show.err()).contains("'latest' is not a dead letter id");

        Run redrive = Run.of("dlt", "redrive", "-b", NOWHERE);
        assertThat(redrive.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(redrive.err()).contains("name the letters to redrive, or give --all");

        Run both = Run.of("dlt", "redrive", "-b", NOWHERE, "--all", "0/1");
        assertThat(both.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void durationsAsOperatorsWriteThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> c.convert("5 minutes")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
