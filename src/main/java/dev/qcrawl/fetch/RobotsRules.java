package dev.qcrawl.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** What robots.txt says about a URL: {@link RobotsCache} reads it; {@link #IGNORED} is {@code --ignore-robots}. */
public interface RobotsRules {
    /** Whether the crawler may fetch {@code uri}. */
    boolean allows(URI uri) throws InterruptedException;

    /** The {@code Sitemap:} URLs the origin's robots.txt lists. */
    List<String> sitemaps(URI uri) throws InterruptedException;

    /** The origin's Crawl-delay, capped, or zero. */
    Duration crawlDelay(URI uri) throws InterruptedException;

    /** robots.txt not read: everything allowed, no sitemaps, no delay. */
    RobotsRules IGNORED = new RobotsRules() {
        @Override
        public boolean allows(URI uri) {
            return true;
        }

        @Override
        public List<String> sitemaps(URI uri) {
            return List.of();
        }

        @Override
        public Duration crawlDelay(URI uri) {
            return Duration.ZERO;
        }
    };
}
