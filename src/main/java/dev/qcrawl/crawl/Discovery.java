package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import java.time.Duration;
import java.util.Map;

/**
 * What a crawl found, by value: every URL reached with its shallowest depth and, for the pages fetched, their
 * visits and links. Counts are computed from it afterwards (see the {@code count} package), so the crawl itself
 * only discovers.
 *
 * @param start      the start URL (normalized)
 * @param startLabel how the start URL is printed
 * @param maxDepth   pages up to this depth were fetched
 * @param depths     every URL reached, with its shallowest depth
 * @param visits     the stored visit of every URL that has one
 * @param roots      the URLs the crawl started from besides the start URL (from sitemaps), each reached at depth 1
 * @param stopReason why the crawl ended early ({@link #INTERRUPTED}, {@link #TERMINATED}, {@link #MAX_PAGES}), or
 *                   {@code null}
 */
public record Discovery(String start, String startLabel, int maxDepth, Map<String, Integer> depths,
        Map<String, Visit> visits, java.util.Set<String> roots, long pagesFetched, long failures, Duration elapsed, String stopReason) {
    /** The stop reasons of a crawl ended by SIGINT (Ctrl-C) and by SIGTERM, and by {@code --max-pages}. */
    public static final String INTERRUPTED = "interrupted";
    public static final String TERMINATED = "terminated";
    public static final String MAX_PAGES = Outcome.MAX_PAGES.label();
    /** The stop reason of a crawl stopped because the Java heap was nearly full. */
    public static final String OUT_OF_MEMORY = "out-of-memory";

    /** How a URL is printed: the start URL as typed, any other as normalized. */
    public String label(String url) {
        return url.equals(start) ? startLabel : url;
    }

    public int depth(String url) {
        return depths.getOrDefault(url, Integer.MAX_VALUE);
    }

    /** The start URL gave no response at all (refused, timeout, ...) or robots.txt forbids it. */
    public boolean startFailed() {
        Visit v = visits.get(start);
        return v != null && v.status() == null && (v.failed() || v.error() == Outcome.ROBOTS);
    }
}
