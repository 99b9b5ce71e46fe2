package io.aigateway.load.cli;

import io.aigateway.load.dlt.DltCommand;
import io.aigateway.load.http.LoadCommand;
import io.aigateway.load.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operators' command line: replay a stretch of a topic into the pipeline, put HTTP load on the API, and inspect and
 * redrive dead letters. Each subcommand talks to the broker or the API directly, so it runs from any machine that
 * reaches them, with no gateway process of its own.
 */
@Command(
        name = "gatewayctl",
        mixinStandardHelpOptions = true,
        version = "gatewayctl 0.1.0",
        description = "Operate the AI gateway: replay topics, generate load, manage dead letters.",
        subcommands = {ReplayCommand.class, LoadCommand.class, DltCommand.class, CommandLine.HelpCommand.class})
public final class GatewayCtl {

    /** Exit code when the work ran but did not all succeed (jobs unaccounted for, requests failed). */
    public static final int INCOMPLETE = 3;

    /**
     * Exit code when jobs were published and the command was told not to wait for them ({@code --wait 0}): nothing is
     * known yet of how they end, so it is neither success nor failure.
     */
    public static final int NOT_WAITED = 4;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@link #main} runs it (tests execute it too). */
    public static CommandLine commandLine() {
        return new CommandLine(new GatewayCtl()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
