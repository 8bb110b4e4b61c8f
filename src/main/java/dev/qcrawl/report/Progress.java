package dev.qcrawl.report;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live status line on a terminal: pages fetched, queued, failed, pages/s and elapsed time, redrawn ten times
 * a second on stderr. A no-op when stderr is not a terminal or {@code -q} is given.
 */
public interface Progress extends AutoCloseable {

    /** The figures the line shows. */
    record Figures(LongSupplier fetched, LongSupplier queued, LongSupplier failed) {
    }

    @Override
    void close();

    Progress NONE = () -> {
    };

    /** A status line on {@code err}, refreshed every 100 ms until closed. */
    static Progress start(PrintWriter err, Figures figures) {
        long started = System.nanoTime();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qcrawl-progress");
            t.setDaemon(true);
            return t;
        });
        Runnable draw = () -> {
            double seconds = (System.nanoTime() - started) / 1e9;
            long fetched = figures.fetched().getAsLong();
            err.print(String.format(Locale.ROOT, "\r\033[K%d fetched, %d queued, %d failed, %.0f pages/s, %.1fs",
                    fetched, figures.queued().getAsLong(), figures.failed().getAsLong(),
                    seconds > 0 ? fetched / seconds : 0.0, seconds));
            err.flush();
        };
        timer.scheduleAtFixedRate(draw, 100, 100, TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS); // a draw in progress ends before the line is cleared
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r\033[K");
            err.flush();
        };
    }

    /** Whether this process's stderr is a terminal (Linux: fd 2 links to a tty device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
