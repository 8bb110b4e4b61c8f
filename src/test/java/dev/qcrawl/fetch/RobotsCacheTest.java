package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    /**
     * The robots.txt files one cache fetched, taken up by another (the JVM a crawl moves to), give the same rules
     * without a request.
     */
    @Test
    void restoredRobotsTxtGivesTheSameRulesWithoutARequest() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        RobotsCache first = cache(200, "User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n", fetches);
        assertFalse(first.allows(URI.create("http://a.example/private/x")));
        assertEquals(List.of("http://a.example/robots.txt"), first.loaded().stream()
                .map(RobotsCache.Loaded::robotsUrl).toList());
        AtomicInteger fetchesAfter = new AtomicInteger();
        RobotsCache next = cache(404, "", fetchesAfter);
        next.restore(first.loaded());
        assertFalse(next.allows(URI.create("http://a.example/private/y")));
        assertTrue(next.allows(URI.create("http://a.example/public")));
        assertEquals(Duration.ofSeconds(2), next.crawlDelay(URI.create("http://a.example/")));
        assertEquals(0, fetchesAfter.get(), "no request for a restored origin");
        assertTrue(next.allows(URI.create("http://b.example/private/z")), "another origin: its own (404) rules");
        assertEquals(1, fetchesAfter.get());
    }

    @Test
    void robotsTxtIsAskedForWhereAServerLogExpectsIt() throws Exception {
        List<URI> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        RobotsCache robots = new RobotsCache("qcrawl", Duration.ofSeconds(10), uri -> {
            asked.add(uri);
            return new RobotsCache.Robots(404, new byte[0], null);
        });
        for (String url : new String[] {"http://Example.TEST:80/a?b", "https://example.test:443/", "http://h:8080/x",
            "https://user@h:8443/y", "http://[::1]:9/z"}) {
            robots.allows(URI.create(url));
        }
        assertEquals(List.of(URI.create("http://example.test/robots.txt"), URI.create("https://example.test/robots.txt"),
                URI.create("http://h:8080/robots.txt"), URI.create("https://h:8443/robots.txt"),
                URI.create("http://[::1]:9/robots.txt")), asked);
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
        for (int status : new int[] {500, 503, 599}) {
            assertFalse(cache(status, "", new AtomicInteger()).allows(URI.create("http://h/x")), "" + status);
        }
    }

    /**
     * RFC 9309 forbids everything on a 5xx only. A redirect qcrawl cannot follow (no Location), 300, 304 or any other
     * status is a robots.txt that is not there: everything is allowed. Before, each meant "nothing may be fetched".
     */
    @Test
    void aStatusThatIsNeitherRulesNorAServerErrorMeansEverythingIsAllowed() throws Exception {
        for (int status : new int[] {100, 204, 300, 301, 302, 304, 307, 308, 600, 999}) {
            RobotsCache robots = cache(status, "User-agent: *\nDisallow: /\n", new AtomicInteger());
            assertEquals(status >= 200 && status < 300, !robots.allows(URI.create("http://h/x")), "" + status);
        }
    }

    /**
     * A robots.txt fetch cut short by an interrupt (the crawl stopping) is no answer: a thread that was waiting for
     * it fetches robots.txt itself, and is not told that nothing is allowed (in a shared crawl the pages it then
     * refused would be stored as refused by robots.txt, for every process).
     */
    @Test
    void aFetchCutShortByAnInterruptLeavesTheWaitersToFetchAgain() throws Exception {
        java.util.concurrent.CountDownLatch firstFetch = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        RobotsCache robots = new RobotsCache("qcrawl", Duration.ofSeconds(10), uri -> {
            if (fetches.incrementAndGet() == 1) {
                firstFetch.countDown();
                new java.util.concurrent.CountDownLatch(1).await(); // held until its thread is interrupted
            }
            return new RobotsCache.Robots(200, "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8),
                    "text/plain");
        });
        URI page = URI.create("http://h/page.html");
        java.util.concurrent.atomic.AtomicReference<Object> first = new java.util.concurrent.atomic.AtomicReference<>();
        Thread fetcher = new Thread(() -> {
            try {
                first.set(robots.allows(page));
            } catch (InterruptedException e) {
                first.set(e);
            }
        });
        fetcher.start();
        firstFetch.await();
        java.util.concurrent.atomic.AtomicReference<Object> second = new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                second.set(robots.allows(page));
            } catch (InterruptedException e) {
                second.set(e);
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING) { // parked on the first fetch's answer
            Thread.onSpinWait();
        }
        fetcher.interrupt();
        fetcher.join();
        waiter.join();
        assertTrue(first.get() instanceof InterruptedException, String.valueOf(first.get()));
        assertEquals(Boolean.TRUE, second.get(), "the waiter fetched robots.txt itself");
        assertEquals(2, fetches.get());
        assertFalse(robots.allows(URI.create("http://h/private/x")), "and the rules it read are kept");
        assertEquals(2, fetches.get());
    }
}
