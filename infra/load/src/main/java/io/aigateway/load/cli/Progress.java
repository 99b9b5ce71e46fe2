package io.aigateway.load.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress bar on standard error, redrawn twice a second on one line ({@code \r}) while work runs: how far, the
 * count and a status the command supplies (rate, latency so far). Standard output stays free for the report. When
 * standard error is not a terminal, it prints a plain line every five seconds instead, so logs stay readable.
 */
public final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final Supplier<String> status;
    private final ScheduledExecutorService timer;
    private final boolean terminal;
    private final long started = System.nanoTime();

    public Progress(String label, long total, LongSupplier done, Supplier<String> status) {
        this(System.err, System.console() != null, label, total, done, status);
    }

    Progress(PrintStream out, boolean terminal, String label, long total, LongSupplier done, Supplier<String> status) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = Math.max(1, total);
        this.done = done;
        this.status = status;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 500 : 5_000;
        timer.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
    }

    /** The line as drawn now. */
    String line() {
        long n = Math.min(done.getAsLong(), total);
        double fraction = Math.min(1.0, (double) n / total);
        int filled = (int) Math.round(fraction * WIDTH);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %3.0f%% %,d/%,d %ds %s",
                label,
                "#".repeat(filled),
                " ".repeat(WIDTH - filled),
                fraction * 100,
                n,
                total,
                seconds,
                status.get());
    }

    private void draw() {
        try {
            if (terminal) {
                out.print("\r" + line() + "\u001b[K");
            } else {
                out.println(line());
            }
            out.flush();
        } catch (RuntimeException e) {
            // a progress bar must never stop the work
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        draw();
        if (terminal) {
            out.println();
        }
    }
}
