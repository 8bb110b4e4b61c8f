package dev.qcrawl.links;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.util.Locale;

/**
 * Puts a URL in one canonical form so that one page has one name: crawler-commons' {@link BasicURLNormalizer}
 * (lower-case scheme and host, IDN to punycode, default port dropped, empty path to {@code /}, dot segments
 * removed, non-ASCII and illegal characters percent-encoded as UTF-8, escapes of unreserved characters
 * decoded, fragment dropped), with the query kept as it is. Only http and https URLs pass.
 */
public final class UrlNormalizer {
    private final BasicURLNormalizer normalizer = BasicURLNormalizer.newBuilder().build();

    /** The normalized form of {@code url}, or {@code null} if it is not a usable absolute http(s) URL. */
    public String normalize(String url) {
        if (url == null) {
            return null;
        }
        String trimmed = url.strip();
        if (!isHttp(trimmed)) {
            return null;
        }
        String normalized;
        try {
            normalized = normalizer.filter(trimmed);
        } catch (RuntimeException e) {
            return null;
        }
        if (normalized == null || !isHttp(normalized)) {
            return null;
        }
        return normalized;
    }

    /** Whether the string starts with an {@code http:} or {@code https:} scheme, in any case. */
    public static boolean isHttp(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
