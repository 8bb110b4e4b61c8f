package dev.qcrawl.cli;

import dev.qcrawl.crawl.Discovery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Stop signals: the first SIGINT (Ctrl-C) or SIGTERM ({@code kill}, {@code timeout}, a service manager) asks the
 * crawl to stop and print what it has; a second one exits at once. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported) where it exists; elsewhere the JVM's default applies.
 */
final class Interrupts {
    /** A stop signal: its name for {@code sun.misc.Signal} and the exit code that reports it. */
    enum StopSignal {
        INT(ExitCodes.INTERRUPTED, Discovery.INTERRUPTED),
        TERM(ExitCodes.TERMINATED, Discovery.TERMINATED);

        final int exitCode;
        final String reason;

        StopSignal(int exitCode, String reason) {
            this.exitCode = exitCode;
            this.reason = reason;
        }
    }

    private Interrupts() {
    }

    /** Handlers in place; closing puts back the ones they replaced. */
    interface Installed extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Installs the handlers; {@code onFirst} runs on the first stop signal, with the crawl's stop reason for it.
     * Where signals are unavailable nothing is installed and the JVM's defaults apply.
     */
    @SuppressWarnings("removal")
    static Installed onStopSignals(Consumer<String> onFirst) {
        AtomicInteger seen = new AtomicInteger();
        Map<sun.misc.Signal, sun.misc.SignalHandler> replaced = new LinkedHashMap<>();
        try {
            for (StopSignal stop : StopSignal.values()) {
                sun.misc.Signal signal = new sun.misc.Signal(stop.name());
                replaced.put(signal, sun.misc.Signal.handle(signal, s -> {
                    if (seen.incrementAndGet() == 1) {
                        onFirst.accept(stop.reason);
                    } else {
                        Runtime.getRuntime().halt(stop.exitCode);
                    }
                }));
            }
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            // no signal support here: the defaults stay
        }
        return () -> replaced.forEach(sun.misc.Signal::handle);
    }

    /** The exit code for a crawl stopped with {@code reason}. */
    static int exitCode(String reason) {
        return StopSignal.TERM.reason.equals(reason) ? StopSignal.TERM.exitCode : StopSignal.INT.exitCode;
    }
}
