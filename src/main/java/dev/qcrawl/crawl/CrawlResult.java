package dev.qcrawl.crawl;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a crawl: the rows, highest count first and equal counts by URL, and a summary.
 *
 * @param startFailed  the start URL gave no response at all (refused, timeout, ...)
 * @param stopReason   why the crawl ended early ({@code interrupted}, {@code max-pages}), or {@code null}
 */
public record CrawlResult(String startUrl, List<UrlStats> rows, long pagesFetched, long failures, Duration elapsed,
        boolean startFailed, String stopReason) {

    public boolean interrupted() {
        return "interrupted".equals(stopReason);
    }
}
