package dev.qcrawl.crawl;

/**
 * The crawl's shared state cannot be reached (its server is down or gone): the crawl cannot go on in this process.
 * What was stored stays stored; starting the crawl again resumes it.
 */
public final class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
