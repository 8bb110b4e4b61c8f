package dev.qcrawl.crawl;

/**
 * The crawl's shared state cannot be reached (its server is down or gone) or is no longer whole: the crawl cannot go
 * on in this process. What was stored stays stored; starting the crawl again resumes it, unless the state was lost.
 */
public final class StateUnavailableException extends RuntimeException {
    private final boolean resumable;

    public StateUnavailableException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /** {@code resumable}: whether starting the crawl again can go on from what is stored. */
    public StateUnavailableException(String message, Throwable cause, boolean resumable) {
        super(message, cause);
        this.resumable = resumable;
    }

    /** Whether starting the crawl again goes on from what is stored (false: the stored state was lost). */
    public boolean resumable() {
        return resumable;
    }
}
