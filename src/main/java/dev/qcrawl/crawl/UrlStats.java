package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import java.math.BigInteger;

/**
 * One line of the results: a URL and its count, with what is known of it.
 *
 * @param depth the shallowest depth the URL was reached at (the start URL is 1)
 * @param error why it failed, was cut short or was not fetched, or {@code null}
 */
public record UrlStats(String url, BigInteger count, Integer status, int depth, String contentType, Outcome error,
        String referrer) {

    /** Whether this URL is broken: its fetch failed (no response, unreadable body) or returned 4xx/5xx. */
    public boolean broken() {
        if (status != null && status >= 400) {
            return true;
        }
        return error != null && error.broken();
    }
}
