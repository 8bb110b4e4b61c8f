package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * What a crawl found: every URL reached, with its shallowest depth and, for the pages fetched, their links. Counts
 * are computed from it afterwards (see the {@code count} package), so the crawl itself only discovers.
 *
 * @param start        the start URL's node
 * @param startLabel   how the start URL is printed
 * @param maxDepth     pages up to this depth were fetched
 * @param nodes        every URL reached
 * @param stopReason   why the crawl ended early ({@link #INTERRUPTED}, {@link #TERMINATED}, {@code max-pages}), or
 *                     {@code null}
 */
public record Discovery(Node start, String startLabel, int maxDepth, List<Node> nodes, long pagesFetched,
        long failures, Duration elapsed, String stopReason) {
    /** The stop reasons of a crawl ended by SIGINT (Ctrl-C) and by SIGTERM, and by {@code --max-pages}. */
    public static final String INTERRUPTED = "interrupted";
    public static final String TERMINATED = "terminated";
    public static final String MAX_PAGES = Outcome.MAX_PAGES.label();

    /** How a node's URL is printed: the start URL as typed, any other as normalized. */
    public String label(Node node) {
        return node == start ? startLabel : node.url();
    }

    /** The start URL gave no response at all (refused, timeout, ...) or robots.txt forbids it. */
    public boolean startFailed() {
        Visit v = start.visitIfDone();
        return v != null && v.status() == null && (v.failed() || v.error() == Outcome.ROBOTS);
    }
}
