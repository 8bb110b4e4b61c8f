package dev.qcrawl.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that decides how requests are made, validated on construction.
 *
 * @param userAgent      sent with every request and matched against robots.txt groups
 * @param connectTimeout bound on opening a connection
 * @param timeout        bound on one request, from sending it to the last byte of the body
 * @param retry          when to try again after connection errors, 429 and 503
 * @param maxRedirects   redirects followed before giving up
 * @param maxBody        bytes of a page body read at most; the rest is cut off and the part read still parsed
 * @param obeyRobots     whether robots.txt is fetched and obeyed
 * @param perHost        concurrent requests to one host at most
 * @param delay          least time between the starts of two requests to one host
 * @param maxCrawlDelay  the most a robots.txt {@code Crawl-delay} may impose
 */
public record FetchSettings(String userAgent, Duration connectTimeout, Duration timeout, RetryPolicy retry,
        int maxRedirects, long maxBody, boolean obeyRobots, int perHost, Duration delay, Duration maxCrawlDelay) {

    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;

    public FetchSettings {
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(retry, "retry");
        if (userAgent.isBlank()) {
            throw new IllegalArgumentException("--user-agent must not be empty");
        }
        OriginHeaders.check("--user-agent", "User-Agent", userAgent);
        positive(connectTimeout, "--connect-timeout");
        positive(timeout, "--timeout");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("--max-redirects must be >= 0, got " + maxRedirects);
        }
        if (maxBody < 1) {
            throw new IllegalArgumentException("--max-body must be at least 1 byte, got " + maxBody);
        }
        if (perHost < 1) {
            throw new IllegalArgumentException("--per-host must be >= 1, got " + perHost);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("--delay must be >= 0");
        }
        if (maxCrawlDelay.isNegative()) {
            throw new IllegalArgumentException("the crawl-delay cap must be >= 0");
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
    }

    /** The settings used when nothing is given on the command line. */
    public static FetchSettings defaults(String userAgent) {
        return new FetchSettings(userAgent, Duration.ofSeconds(10), Duration.ofSeconds(30), RetryPolicy.standard(2),
                10, DEFAULT_MAX_BODY, true, 8, Duration.ZERO, Duration.ofSeconds(10));
    }

    /** The robots.txt product token: the user agent up to its first '/' or space, e.g. {@code qcrawl}. */
    public String robotName() {
        String token = userAgent.trim().split("[/\\s]", 2)[0];
        return token.isEmpty() ? userAgent.trim() : token;
    }
}
