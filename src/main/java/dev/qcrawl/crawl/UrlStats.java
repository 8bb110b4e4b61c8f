package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import java.math.BigInteger;

/**
 * One line of the results: a URL and its count, with what is known of it.
 *
 * @param depth the shallowest depth the URL was reached at (the start URL is 1)
 * @param error why it failed, was cut short or was not fetched, or {@code null}
 * @param inSitemap whether a sitemap lists the URL; null when sitemaps were not read
 */
public record UrlStats(String url, BigInteger count, Integer status, int depth, String contentType, Outcome error,
        String referrer, Boolean inSitemap) {

    /** Whether this URL is broken: its fetch failed (no response, unreadable body) or returned 4xx/5xx. */
    public boolean broken() {
        if (status != null && status >= 400) {
            return true;
        }
        return error != null && error.broken();
    }
}
