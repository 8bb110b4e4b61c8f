package dev.qcrawl.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C handling: the first SIGINT asks the crawl to stop and print what it has; a second one exits at once.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported) where it exists; elsewhere the JVM's default applies.
 */
final class Interrupts {
    private Interrupts() {
    }

    /** Installs the handler; {@code onFirst} runs on the first Ctrl-C. Returns false if signals are unavailable. */
    @SuppressWarnings("removal")
    static boolean onSigint(Runnable onFirst) {
        AtomicInteger seen = new AtomicInteger();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                if (seen.incrementAndGet() == 1) {
                    onFirst.run();
                } else {
                    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                }
            });
            return true;
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
