package dev.qcrawl.cli;

import dev.qcrawl.crawl.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Stop signals: the first SIGINT (Ctrl-C) or SIGTERM ({@code kill}, {@code timeout}, a service manager) asks the
 * crawl to stop and print what it has; a second one exits at once. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported) where it exists; elsewhere the JVM's default applies.
 *
 * <p>In a crawl that {@link Relaunch} started, stop signals also arrive from the launcher as bytes on standard
 * input, and the end of that input (the launcher is gone) is a SIGTERM. A group signal reaches the crawl both
 * ways, so each route is counted on its own and the n-th stop is the n-th on either route.
 */
final class Interrupts {
    /** A stop signal: its name for {@code sun.misc.Signal}, its byte from the launcher, and its exit code. */
    enum StopSignal {
        INT('I', ExitCodes.INTERRUPTED, StopReason.INTERRUPTED),
        TERM('T', ExitCodes.TERMINATED, StopReason.TERMINATED);

        final byte code;
        final int exitCode;
        final StopReason reason;

        StopSignal(char code, int exitCode, StopReason reason) {
            this.code = (byte) code;
            this.exitCode = exitCode;
            this.reason = reason;
        }

        static StopSignal of(int code) {
            return code == INT.code ? INT : TERM;
        }

        /** Sends this stop to the crawl JVM whose standard input {@code crawlInput} is. */
        void sendTo(java.io.OutputStream crawlInput) {
            try {
                crawlInput.write(code);
                crawlInput.flush();
            } catch (IOException e) {
                // that JVM has ended: its exit code follows
            }
        }
    }

    /** The two ways a stop request reaches the crawl. */
    enum Route { SIGNAL, LAUNCHER }

    /** The stop requests of one crawl: the first asks it to stop, a second exits at once. */
    static final class Requests {
        /** Dropped once the stops are forwarded: what it reaches (the crawl) is no longer needed here. */
        private Consumer<StopReason> onFirst;
        private final IntConsumer halt;
        private final int[] seen = new int[Route.values().length];
        private int acted;
        private boolean closed;
        /** Where each stop goes instead, once the crawl has moved to another JVM ({@link Installed#forwardTo}). */
        private java.io.OutputStream forward;
        /** The last stop acted on. */
        private StopSignal last;
        /** The requests that took over from these ({@link #countFrom}): a stop that still comes here goes there. */
        private Requests next;

        Requests(Consumer<StopReason> onFirst, IntConsumer halt) {
            this.onFirst = onFirst;
            this.halt = halt;
        }

        void request(StopSignal stop, Route route) {
            int level;
            Consumer<StopReason> first;
            Requests successor;
            synchronized (this) {
                successor = next;
            }
            if (successor != null) {
                successor.request(stop, route);
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                seen[route.ordinal()]++;
                level = Math.max(seen[Route.SIGNAL.ordinal()], seen[Route.LAUNCHER.ordinal()]);
                if (level <= acted) {
                    return; // the same stop, arriving by the other route
                }
                acted = level;
                last = stop;
                if (forward != null) {
                    stop.sendTo(forward);
                    return;
                }
                first = onFirst;
            }
            if (level == 1) {
                first.accept(stop.reason);
            } else {
                halt.accept(stop.exitCode);
            }
        }

        synchronized StopReason stopped() {
            return last == null ? null : last.reason;
        }

        /** The last stop acted on, or null if none was. */
        synchronized StopSignal last() {
            return last;
        }

        /**
         * The stops {@code before} saw count here too, and those that still reach it come here: a crawl that goes on
         * after a stop came while it moved or started (its own handlers made anew) exits at once on the next one, as
         * on any second stop.
         */
        void countFrom(Requests before) {
            int[] seenBefore;
            int actedBefore;
            StopSignal lastBefore;
            synchronized (before) {
                seenBefore = before.seen.clone();
                actedBefore = before.acted;
                lastBefore = before.last;
                before.next = this;
            }
            synchronized (this) {
                for (int i = 0; i < seen.length; i++) {
                    seen[i] = Math.max(seen[i], seenBefore[i]);
                }
                acted = Math.max(acted, actedBefore);
                if (last == null) {
                    last = lastBefore;
                }
            }
        }

        synchronized void close() {
            closed = forward == null;
        }

        /** Forwards each stop from now on; a stop already acted on (it came as the crawl moved) goes first. */
        synchronized void forwardTo(java.io.OutputStream out) {
            forward = out;
            onFirst = null;
            if (last != null) {
                last.sendTo(out);
            }
        }
    }

    /** The handlers {@link #catchEarly} installed, until {@link #takeEarly} hands them on. */
    private static Installed early;

    /** The requests the launcher's bytes go to; one reader thread per JVM. */
    private static volatile Requests fromLauncher;
    private static boolean readingLauncher;

    private Interrupts() {
    }

    /**
     * Handlers in place; closing puts back the ones they replaced, unless the stops are forwarded or the JVM exits
     * for a move: then they stay for the life of this JVM.
     */
    interface Installed extends AutoCloseable {
        @Override
        void close();

        /**
         * From now on each stop (the n-th on either route, once) goes as a byte to {@code crawlInput}, the standard
         * input of the JVM the crawl moved to ({@link Handoff}), which counts it as from a launcher.
         */
        void forwardTo(java.io.OutputStream crawlInput);

        /**
         * This JVM is about to exit for its launcher to start the JVM the crawl moves to: the handlers stay until it
         * has, so that a stop signal meanwhile is dropped here instead of ending this JVM by the default action (the
         * launcher would take that for the crawl's end, and nothing would be printed). The launcher gets the same
         * signal from the terminal or service manager and passes it to the next JVM.
         */
        void keepUntilExit();

        /** The reason of the last stop that came, or null if none did. */
        StopReason stopped();

        /** The stop requests these handlers count. */
        Requests requests();

        /** The handlers in place before qcrawl's first: what closing puts back. */
        Map<sun.misc.Signal, sun.misc.SignalHandler> originals();
    }

    /**
     * Catches stop signals from the start of {@code main} until the crawl installs its own: a stop meanwhile is kept
     * (the crawl, once it has its handlers, stops at once and prints what it has, or a launcher passes the stop on
     * to the crawl it starts), and a second one exits at once. Without this, a stop in the crawl's first tenths of
     * a second ended the JVM by its default action: nothing printed, whatever the format.
     */
    static synchronized void catchEarly() {
        if (early == null) {
            early = onStopSignals(reason -> { }, null);
        }
    }

    /** The handlers {@link #catchEarly} installed, once (null if none were): whoever takes them applies their stop. */
    static synchronized Installed takeEarly() {
        Installed taken = early;
        early = null;
        return taken;
    }

    /**
     * Installs the handlers; {@code onFirst} runs on the first stop signal, with the crawl's stop reason for it.
     * Where signals are unavailable nothing is installed and the JVM's defaults apply.
     */
    static Installed onStopSignals(Consumer<StopReason> onFirst) {
        return onStopSignals(onFirst, null);
    }

    /**
     * The same, counting the stops {@code before} saw (null: none), for a crawl that goes on after a move failed or
     * takes over from the {@link #catchEarly early} handlers; closing then puts back the handlers from before those.
     */
    @SuppressWarnings("removal")
    static Installed onStopSignals(Consumer<StopReason> onFirst, Installed before) {
        Requests requests = new Requests(onFirst, code -> Runtime.getRuntime().halt(code));
        if (before != null) {
            requests.countFrom(before.requests());
        }
        Map<sun.misc.Signal, sun.misc.SignalHandler> replaced = new LinkedHashMap<>();
        try {
            for (StopSignal stop : StopSignal.values()) {
                sun.misc.Signal signal = new sun.misc.Signal(stop.name());
                replaced.put(signal, sun.misc.Signal.handle(signal, s -> requests.request(stop, Route.SIGNAL)));
            }
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            // no signal support here: the defaults stay
        }
        Map<sun.misc.Signal, sun.misc.SignalHandler> originals = before == null ? replaced : before.originals();
        if (Boolean.getBoolean(Relaunch.CHILD)) {
            listenToLauncher(requests);
        }
        return new Installed() {
            private volatile boolean forwarding;

            @Override
            public void close() {
                requests.close();
                if (!forwarding) {
                    originals.forEach(sun.misc.Signal::handle);
                }
            }

            @Override
            public Map<sun.misc.Signal, sun.misc.SignalHandler> originals() {
                return originals;
            }

            @Override
            public StopReason stopped() {
                return requests.stopped();
            }

            @Override
            public Requests requests() {
                return requests;
            }

            @Override
            public void forwardTo(java.io.OutputStream crawlInput) {
                forwarding = true;
                requests.forwardTo(crawlInput);
            }

            @Override
            public void keepUntilExit() {
                forwarding = true;
            }
        };
    }

    /** Reads the launcher's stop bytes from standard input; its end is a SIGTERM. */
    private static synchronized void listenToLauncher(Requests requests) {
        fromLauncher = requests;
        if (readingLauncher) {
            return;
        }
        readingLauncher = true;
        Thread reader = new Thread(() -> {
            InputStream in = System.in;
            try {
                for (int b; (b = in.read()) >= 0; ) {
                    fromLauncher.request(StopSignal.of(b), Route.LAUNCHER);
                }
            } catch (IOException e) {
                // as if the input had ended
            }
            fromLauncher.request(StopSignal.TERM, Route.LAUNCHER);
        }, "qcrawl-launcher");
        reader.setDaemon(true);
        reader.start();
    }

    /** The exit code for a crawl stopped with {@code reason}. */
    static int exitCode(StopReason reason) {
        return reason == StopSignal.TERM.reason ? StopSignal.TERM.exitCode : StopSignal.INT.exitCode;
    }
}
