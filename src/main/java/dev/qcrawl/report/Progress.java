package dev.qcrawl.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live status line on a terminal: pages fetched, queued, failed, pages/s and elapsed time (and while a link
 * check runs after the crawl, the URLs checked of those to check), redrawn ten times
 * a second at the bottom of stderr, with log lines printed whole above it; when the crawl ends it is replaced by
 * a one-line summary. A no-op when stderr is not a terminal or {@code -q} is given.
 *
 * <p>One writer owns the terminal, as progress bars in mature CLI tools do (JLine's {@code printAbove}): while the
 * line is shown, {@link System#err} is a stream that hands each complete line to it, and every line is written as
 * clear the status line, the log line, then the status line again.
 */
public interface Progress extends AutoCloseable {

    /** The figures the line shows; {@code toCheck} is 0 until a link check starts (or without one). */
    record Figures(LongSupplier fetched, LongSupplier queued, LongSupplier failed, LongSupplier checked,
            LongSupplier toCheck) {
        /** A crawl without a link check. */
        public Figures(LongSupplier fetched, LongSupplier queued, LongSupplier failed) {
            this(fetched, queued, failed, () -> 0, () -> 0);
        }
    }

    /** Ends the status line: a summary takes its place, and stderr is given back. */
    @Override
    void close();

    /**
     * Ends the status line without a summary, and gives stderr back: the crawl goes on in another JVM, which draws
     * the line again and prints the one summary at its end. Closing after this does nothing more.
     */
    default void handOn() {
        close();
    }

    Progress NONE = () -> {
    };

    /** A status line on {@code err}, refreshed every 100 ms until closed. */
    static Progress start(PrintWriter err, Figures figures) {
        return start(err, figures, java.time.Duration.ZERO);
    }

    /** The same for a crawl that ran for {@code before} already (in another JVM): its time and rate count it. */
    static Progress start(PrintWriter err, Figures figures, java.time.Duration before) {
        return new StatusLine(err, figures, System.nanoTime() - before.toNanos());
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

    /** The terminal's one writer. */
    final class StatusLine implements Progress {
        private static final String CLEAR = "\r\033[K";
        private final PrintWriter err;
        private final Figures figures;
        private final long started;
        private final PrintStream previousErr;
        private final ScheduledExecutorService timer;
        private boolean closed;

        private StatusLine(PrintWriter err, Figures figures, long started) {
            this.err = err;
            this.figures = figures;
            this.started = started;
            this.previousErr = System.err;
            System.setErr(new PrintStream(new LineSplitter(this::above), true, StandardCharsets.UTF_8));
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "qcrawl-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::draw, 100, 100, TimeUnit.MILLISECONDS);
        }

        private double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }

        private String status() {
            double seconds = seconds();
            long fetched = figures.fetched().getAsLong();
            long toCheck = figures.toCheck().getAsLong();
            if (toCheck > 0) {
                return String.format(Locale.ROOT, "%d fetched, %d failed, checked %d of %d links, %.1fs", fetched,
                        figures.failed().getAsLong(), figures.checked().getAsLong(), toCheck, seconds);
            }
            return String.format(Locale.ROOT, "%d fetched, %d queued, %d failed, %.0f pages/s, %.1fs", fetched,
                    figures.queued().getAsLong(), figures.failed().getAsLong(),
                    seconds > 0 ? fetched / seconds : 0.0, seconds);
        }

        private synchronized void draw() {
            if (!closed) {
                err.print(CLEAR + status());
                err.flush();
            }
        }

        /** A whole log line: printed above the status line, which is drawn again below it. */
        synchronized void above(String line) {
            err.print(CLEAR);
            err.print(line);
            err.print('\n');
            if (!closed) {
                err.print(status());
            }
            err.flush();
        }

        @Override
        public void handOn() {
            end(false);
        }

        @Override
        public void close() {
            end(true);
        }

        private void end(boolean summary) {
            timer.shutdownNow();
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                System.setErr(previousErr);
                if (!summary) {
                    err.print(CLEAR);
                    err.flush();
                    return;
                }
                long toCheck = figures.toCheck().getAsLong();
                err.print(CLEAR + String.format(Locale.ROOT, "%d pages fetched, %d failed%s, %.1fs%n",
                        figures.fetched().getAsLong(), figures.failed().getAsLong(), toCheck == 0 ? ""
                                : String.format(Locale.ROOT, ", %d links checked", figures.checked().getAsLong()),
                        seconds()));
                err.flush();
            }
        }
    }

    /** Collects bytes into lines (UTF-8) and hands each complete one on, without its line break. */
    final class LineSplitter extends OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);

        LineSplitter(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String line = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
