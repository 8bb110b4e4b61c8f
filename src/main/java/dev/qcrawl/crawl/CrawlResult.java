package dev.qcrawl.crawl;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a crawl as reported: the counted rows, highest count first and equal counts by URL, and a
 * summary.
 *
 * @param startFailed  the start URL gave no response at all (refused, timeout, ...), robots.txt forbids it, or it
 *                     redirects out of the crawl
 * @param stopReason   why the crawl ended early (see {@link StopReason}), or {@code null}
 * @param sitemaps     whether sitemaps were read (the rows then say which URLs they list)
 * @param orphans      the URLs (as printed) that a sitemap lists and no fetched page links to
 */
public record CrawlResult(String startUrl, List<UrlStats> rows, long pagesFetched, long failures, Duration elapsed,
        boolean startFailed, StopReason stopReason, boolean sitemaps, java.util.Set<String> orphans) {

    /** Stopped by a signal (Ctrl-C or SIGTERM) rather than by its own end or a limit. */
    public boolean interrupted() {
        return stopReason != null && stopReason.bySignal();
    }
}
