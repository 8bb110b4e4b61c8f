package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** robots.txt rules as RFC 9309 has them, from bodies handed straight to the cache (no network). */
class RobotsCacheTest {

    private static RobotsCache cache(int status, String body, AtomicInteger fetches) {
        return new RobotsCache("qcrawl", Duration.ofSeconds(10), uri -> {
            fetches.incrementAndGet();
            return new RobotsCache.Robots(status, body.getBytes(StandardCharsets.UTF_8), "text/plain");
        });
    }

    @Test
    void disallowedPathsAndCrawlDelayForOurGroup() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        RobotsCache robots = cache(200, "User-agent: other\nDisallow: /\n\nUser-agent: qcrawl\nCrawl-delay: 2\n"
                + "Disallow: /private/\n", fetches);
        assertFalse(robots.allows(URI.create("http://h:8080/private/x.html")));
        assertTrue(robots.allows(URI.create("http://h:8080/public.html")));
        assertEquals(Duration.ofSeconds(2), robots.crawlDelay(URI.create("http://h:8080/")));
        assertEquals(1, fetches.get(), "fetched once per origin");
    }

    @Test
    void crawlDelayIsCapped() throws Exception {
        RobotsCache robots = cache(200, "User-agent: *\nCrawl-delay: 3600\n", new AtomicInteger());
        assertEquals(Duration.ofSeconds(10), robots.crawlDelay(URI.create("http://h/")));
        assertTrue(robots.allows(URI.create("http://h/x")));
    }

    @Test
    void notFoundMeansEverythingIsAllowed() throws Exception {
        assertTrue(cache(404, "", new AtomicInteger()).allows(URI.create("http://h/x")));
    }

    @Test
    void serverErrorMeansNothingIsAllowed() throws Exception {
        assertFalse(cache(503, "", new AtomicInteger()).allows(URI.create("http://h/x")));
    }
}
