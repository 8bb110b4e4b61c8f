package dev.qcrawl.cli;

/** qcrawl's exit codes, as documented in the README and {@code --help}. */
public final class ExitCodes {
    /** The crawl ran to the end (or to {@code --max-pages}). */
    public static final int OK = 0;
    /** The start URL could not be fetched at all (no response, or robots.txt forbids it). */
    public static final int START_FAILED = 1;
    /** Bad usage: unknown option, invalid value, missing URL. */
    public static final int USAGE = 2;
    /** {@code --fail-on-broken} and at least one broken link was found. */
    public static final int BROKEN = 3;
    /** The shared frontier ({@code --frontier}, Redis) could not be reached, at the start or during the crawl. */
    public static final int STATE_UNAVAILABLE = 4;
    /** Memory ran out (the Java heap was nearly full): the crawl stopped, and the counts so far were printed. */
    public static final int OUT_OF_MEMORY = 5;
    /** The counts could not be written: standard output or the {@code -o} file failed (a full disk, ...). */
    public static final int OUTPUT_FAILED = 6;
    /** A bug in qcrawl (an unexpected exception): sysexits' EX_SOFTWARE, apart from the start URL's failure. */
    public static final int INTERNAL = 70;
    /**
     * Not a process's exit code: a crawl JVM that {@link Relaunch} started tells it that the crawl moved to a JVM
     * with the C2 compiler ({@link Handoff}), its state in the file the launcher named.
     */
    static final int MOVED = 75;
    /** Interrupted by Ctrl-C (SIGINT); the counts so far were printed. */
    public static final int INTERRUPTED = 130;
    /**
     * Standard output was a pipe whose reader went away ({@code | head}): nothing more to say, as a program that
     * SIGPIPE ends (128 + 13).
     */
    public static final int BROKEN_PIPE = 141;
    /** Stopped by SIGTERM (e.g. {@code timeout}, a service manager); the counts so far were printed. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }
}
