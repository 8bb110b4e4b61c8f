package dev.qcrawl.crawl;

import java.math.BigInteger;

/**
 * One line of the results: a URL and its count, with what is known of it.
 *
 * @param depth the shallowest depth the URL was reached at (the start URL is 1)
 */
public record UrlStats(String url, BigInteger count, Integer status, int depth, String contentType, String error,
        String referrer) {
}
