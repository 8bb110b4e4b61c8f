package dev.qcrawl.crawl;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a crawl: the rows, highest count first and equal counts by URL, and a summary.
 *
 * @param startFailed  the start URL gave no response at all (refused, timeout, ...)
 * @param stopReason   why the crawl ended early ({@code interrupted} by SIGINT, {@code terminated} by SIGTERM,
 *                     {@code max-pages}), or {@code null}
 */
public record CrawlResult(String startUrl, List<UrlStats> rows, long pagesFetched, long failures, Duration elapsed,
        boolean startFailed, String stopReason) {
    /** The stop reasons of a crawl ended by SIGINT (Ctrl-C) and by SIGTERM. */
    public static final String INTERRUPTED = "interrupted";
    public static final String TERMINATED = "terminated";

    /** Stopped by a signal (Ctrl-C or SIGTERM) rather than by its own end or a limit. */
    public boolean interrupted() {
        return INTERRUPTED.equals(stopReason) || TERMINATED.equals(stopReason);
    }
}
