package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;

/**
 * Why a crawl (or a link check) ended early; a crawl that ran to its end has none ({@code null}). The
 * {@link #label} is what reports and messages print (the JSON summary's {@code stopped}, the HTML report, the
 * line on stderr) and how a shared crawl stores it.
 */
public enum StopReason {
    /** Ctrl-C (SIGINT). */
    INTERRUPTED("interrupted"),
    /** SIGTERM. */
    TERMINATED("terminated"),
    /** The {@code --max-pages} budget was spent. */
    MAX_PAGES(Outcome.MAX_PAGES.label()),
    /** The Java heap was nearly full. */
    OUT_OF_MEMORY("out-of-memory"),
    /** The shared state (Redis) could not be reached any more. */
    STATE_UNAVAILABLE("state-unavailable");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    /** How the reason is printed. */
    public String label() {
        return label;
    }

    /** Stopped by a signal (Ctrl-C or SIGTERM) rather than by its own end or a limit. */
    public boolean bySignal() {
        return this == INTERRUPTED || this == TERMINATED;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The reason a {@link #label} names, or null for null. */
    public static StopReason ofLabel(String label) {
        if (label == null) {
            return null;
        }
        for (StopReason reason : values()) {
            if (reason.label.equals(label)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown stop reason: " + label);
    }

    /** The label of {@code reason}, or null for null. */
    public static String labelOf(StopReason reason) {
        return reason == null ? null : reason.label;
    }
}
