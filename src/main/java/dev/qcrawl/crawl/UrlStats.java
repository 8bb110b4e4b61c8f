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

    /**
     * What a list of broken links shows for this URL, one word: the error when it is what breaks the link
     * ({@code refused}, {@code fragment}, {@code bad-encoding} of a 200), else the status.
     */
    public String brokenAs() {
        return brokenAs(status, error);
    }

    /** {@link #brokenAs()} of a status and an error. */
    public static String brokenAs(Integer status, Outcome error) {
        if (error != null && (status == null || error.broken())) {
            return error.label();
        }
        return status != null ? String.valueOf(status) : "broken";
    }

    /** Whether this URL is broken: its fetch failed (no response, unreadable body) or returned 4xx/5xx. */
    public boolean broken() {
        if (status != null && status >= 400) {
            return true;
        }
        return error != null && error.broken();
    }
}
