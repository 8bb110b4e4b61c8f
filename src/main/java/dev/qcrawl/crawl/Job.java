package dev.qcrawl.crawl;

/**
 * One unit of work, by value: expand {@code url} at {@code depth} (the start URL is depth 1), that is, make sure
 * its page is fetched and reach its links at {@code depth + 1}. A job whose depth is no longer the URL's
 * shallowest is stale and skipped.
 */
public record Job(String url, int depth) {
}
