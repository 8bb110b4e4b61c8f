package dev.qcrawl.crawl;

import dev.qcrawl.fetch.FetchSettings;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.Credentials;
import dev.qcrawl.links.Scope;
import dev.qcrawl.links.UrlNormalizer;
import java.util.Objects;

/**
 * One crawl's settings, immutable and checked when built.
 *
 * @param startUrl   the normalized start URL
 * @param startLabel how the start URL is printed: as typed when it differs from {@code startUrl} only by the
 *                   {@code /} of an empty path (so {@code http://localhost:8000} prints as the tutorial does)
 * @param maxDepth   pages at depth up to this are fetched; the start URL is depth 1, so 0 fetches nothing
 * @param workers    virtual-thread workers taking jobs from the frontier
 * @param maxPages   stop after fetching this many pages; 0 for no limit
 */
public record CrawlConfig(String startUrl, String startLabel, int maxDepth, int workers, QueueType queue, Mode mode,
        Scope scope, long maxPages, FetchSettings fetch) {

    public static final int MAX_WORKERS = 10_000;

    public CrawlConfig {
        Objects.requireNonNull(startUrl, "startUrl");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(fetch, "fetch");
        if (!UrlNormalizer.isHttp(startUrl)) {
            throw new IllegalArgumentException("the start URL must be an absolute http:// or https:// URL");
        }
        if (startLabel == null) {
            startLabel = startUrl;
        }
        if (maxDepth < 0) {
            throw new IllegalArgumentException("--max-depth must be >= 0, got " + maxDepth);
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("--num-workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
        }
        if (maxPages < 0) {
            throw new IllegalArgumentException("--max-pages must be >= 0, got " + maxPages);
        }
    }

    /**
     * Builds a config from the URL as the user typed it.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL
     */
    public static CrawlConfig forUrl(String typed, int maxDepth, int workers, QueueType queue, Mode mode, Scope scope,
            long maxPages, FetchSettings fetch) {
        String trimmed = typed == null ? "" : typed.strip();
        if (!UrlNormalizer.isHttp(trimmed)) {
            throw new IllegalArgumentException("not an http(s) URL: '" + Credentials.redacted(String.valueOf(typed))
                    + "' (expected e.g. http://localhost:8000/)");
        }
        String normalized = new UrlNormalizer().normalize(trimmed);
        if (normalized == null) {
            throw new IllegalArgumentException("not a valid URL: '" + Credentials.redacted(typed) + "'");
        }
        String label = normalized.equals(trimmed + "/") ? trimmed : normalized;
        return new CrawlConfig(normalized, label, maxDepth, workers, queue, mode, scope, maxPages, fetch);
    }
}
