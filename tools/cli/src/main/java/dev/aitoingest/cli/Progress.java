package dev.aitoingest.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the console's error stream: redrawn in place on a terminal, or, when that is
 * not a terminal (a log, a pipe, CI), a plain ASCII line every few seconds and at the end, with no
 * carriage returns or escape codes.
 */
final class Progress implements AutoCloseable {

    private static final int PLAIN_LINE_WIDTH = 120;
    private static final int PLAIN_INTERVAL_MS = 2_000;
    private static final int BAR_INTERVAL_MS = 200;
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private final ProgressBar bar;
    private long total;

    private Progress(ProgressBar bar, long total) {
        this.bar = bar;
        this.total = total;
    }

    /** A bar over a number of bytes, in KiB or MiB, with the speed and the time left. */
    static Progress bytes(Console console, String task, long total) {
        boolean large = total >= 10 * MIB;
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total))
                .setUnit(large ? " MiB" : " KiB", large ? MIB : KIB).showSpeed(new DecimalFormat("0.0")).setSpeedUnit(ChronoUnit.SECONDS);
        if (console.interactive()) {
            builder.setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(BAR_INTERVAL_MS)
                    .setConsumer(new ConsoleProgressBarConsumer(console.err()));
        } else {
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(PLAIN_INTERVAL_MS)
                    .setConsumer(new DelegatingProgressBarConsumer(new PlainLines(console.err()), PLAIN_LINE_WIDTH));
        }
        return new Progress(builder.build(), Math.max(1, total));
    }

    /** A total learnt late, such as a job's byte count once its file is seen. */
    void total(long newTotal) {
        if (newTotal > 0 && newTotal != total) {
            total = newTotal;
            bar.maxHint(newTotal);
        }
    }

    void stepTo(long done) {
        bar.stepTo(Math.min(done, total));
    }

    void stepBy(long bytes) {
        bar.stepBy(bytes);
    }

    void complete() {
        bar.stepTo(total);
    }

    /** Shown after the bar: rows stored, failed, rows/s. */
    void message(String extra) {
        bar.setExtraMessage(" " + extra);
    }

    @Override
    public void close() {
        bar.close();
    }

    /** Each rendering as a line of its own, but not the same line twice in a row (the bar renders again as it closes). */
    private static final class PlainLines implements Consumer<String> {

        private final PrintStream err;
        private String last;

        PlainLines(PrintStream err) {
            this.err = err;
        }

        @Override
        public void accept(String rendered) {
            String line = rendered.stripTrailing();
            if (!line.equals(last)) {
                err.println(line);
                last = line;
            }
        }
    }
}
