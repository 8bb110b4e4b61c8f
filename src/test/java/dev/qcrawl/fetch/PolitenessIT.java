package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.HeldPages;
import dev.qcrawl.testing.TestServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-host concurrency, counted on the server rather than timed. */
class PolitenessIT {

    @Test
    void perHostLimitsConcurrentRequests() throws Exception {
        try (TestServer server = new TestServer()) {
            // Requests are held until two are in flight: a client that let more through would be seen holding more.
            HeldPages two = new HeldPages(server, 24, 2);
            Cli.Run run = Cli.run("-q", "-d", "2", "-w", "16", "--per-host", "2", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(25, run.lines().size());
            assertTrue(two.reachedTarget(), "two requests were in flight at once");
            assertTrue(two.most() <= 2, "in flight at once: " + two.most());
        }
        try (TestServer server = new TestServer()) {
            // The same pages held until sixteen are in flight: the limit, not the server, is what held it to two.
            HeldPages sixteen = new HeldPages(server, 24, 16);
            Cli.Run wide = Cli.run("-q", "-d", "2", "-w", "16", "--per-host", "16", server.url("/"));
            assertEquals(0, wide.exitCode(), wide.err());
            assertEquals(16, sixteen.most());
        }
    }

    /**
     * Host A asks for a 1 s Crawl-delay; host B asks for nothing. With two workers, the jobs for A that must wait
     * stay in the frontier while B's are handed out, so every page of B is requested before A's second page - the
     * order is checked, not times.
     */
    @Test
    void aWaitingHostDoesNotHoldUpOtherHosts() throws Exception {
        try (TestServer a = new TestServer(); TestServer b = new TestServer()) {
            AtomicInteger sequence = new AtomicInteger();
            java.util.Map<String, Integer> order = new java.util.concurrent.ConcurrentHashMap<>();
            a.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain", "User-agent: *\nCrawl-delay: 1\n"));
            StringBuilder root = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                String path = "/a" + i;
                a.route(path, ex -> {
                    order.put("A" + path, sequence.incrementAndGet());
                    TestServer.respond(ex, 200, "text/html", "a");
                });
                root.append("<a href='").append(a.url(path)).append("'>a</a>");
            }
            for (int i = 1; i <= 4; i++) {
                String path = "/b" + i;
                b.route(path, ex -> {
                    order.put("B" + path, sequence.incrementAndGet());
                    TestServer.respond(ex, 200, "text/html", "b");
                });
                root.append("<a href='").append(b.url(path)).append("'>b</a>");
            }
            b.page("/", root.toString());
            Cli.Run run = Cli.run("-q", "-d", "2", "-w", "2", "--scope", "any", b.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(8, run.lines().size(), run.out());
            int lastB = java.util.stream.IntStream.rangeClosed(1, 4).map(i -> order.get("B/b" + i)).max().orElseThrow();
            int secondA = java.util.stream.IntStream.rangeClosed(1, 3).map(i -> order.get("A/a" + i)).sorted()
                    .skip(1).findFirst().orElseThrow();
            assertTrue(lastB < secondA, "request order: " + order);
        }
    }

    @Test
    void userAgentIsSentAndItsNameSelectsTheRobotsGroup() throws Exception {
        try (TestServer server = new TestServer()) {
            java.util.Set<String> agents = java.util.concurrent.ConcurrentHashMap.newKeySet();
            server.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    "User-agent: mybot\nDisallow: /mine\n\nUser-agent: *\nDisallow: /theirs\n"));
            server.route("/", ex -> {
                agents.add(ex.getRequestHeaders().getFirst("User-Agent"));
                TestServer.respond(ex, 200, "text/html", "<a href='/mine'>m</a><a href='/theirs'>t</a>");
            });
            server.page("/mine", "m");
            server.page("/theirs", "t");
            Cli.Run run = Cli.run("-q", "--user-agent", "MyBot/2.1 (+contact)", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(java.util.Set.of("MyBot/2.1 (+contact)"), agents);
            assertEquals(0, server.hits("/mine"));
            assertEquals(1, server.hits("/theirs"));
        }
    }

    /**
     * The host's limits hear when a response head arrives, before its body is complete (the overload sign is the
     * time to answer, not the time a large body takes): the server holds the second half of a page until then.
     */
    @Test
    void theLimitsAreToldWhenTheHeadArrivesBeforeTheBodyIsComplete() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean toldInTime = new java.util.concurrent.atomic.AtomicBoolean();
        byte[] page = ("<p>" + "x".repeat(200_000) + "</p>").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int half = page.length / 2;
        try (TestServer server = new TestServer()) {
            server.route("/big", ex -> {
                ex.getResponseHeaders().set("Content-Type", "text/html");
                ex.sendResponseHeaders(200, page.length);
                try (java.io.OutputStream out = ex.getResponseBody()) {
                    out.write(page, 0, half);
                    out.flush();
                    try {
                        toldInTime.set(answered.await(20, TimeUnit.SECONDS)); // within the fetch timeout of 30 s
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.write(page, half, page.length - half);
                }
            });
            HostPolicy policy = new HostPolicy(8, java.time.Duration.ZERO, Ticker.SYSTEM);
            HostLimits told = new HostLimits() {
                @Override
                public Permit enter(String host, java.time.Duration hostDelay) throws InterruptedException {
                    Permit inner = policy.enter(host, hostDelay);
                    return new Permit() {
                        @Override
                        public void overloaded() {
                            inner.overloaded();
                        }

                        @Override
                        public void answered() {
                            answered.countDown();
                            inner.answered();
                        }

                        @Override
                        public void close() {
                            inner.close();
                        }
                    };
                }

                @Override
                public void hold(String host, java.time.Duration wait) {
                    policy.hold(host, wait);
                }
            };
            FetchSettings d = FetchSettings.defaults("test");
            FetchSettings noRobots = new FetchSettings(d.userAgent(), d.connectTimeout(), d.timeout(), d.retry(),
                    d.maxRedirects(), d.maxBody(), false, d.perHost(), d.delay(), d.maxCrawlDelay());
            try (Fetcher fetcher = new Fetcher(noRobots, Ticker.SYSTEM, told, OriginHeaders.NONE)) {
                FetchResult result = fetcher.fetch(java.net.URI.create(server.url("/big")), new Fetcher.Guide() {
                    @Override
                    public Outcome admit(java.net.URI target) {
                        return null;
                    }

                    @Override
                    public boolean known(java.net.URI target) {
                        return false;
                    }

                    @Override
                    public boolean startPage() {
                        return true;
                    }
                });
                FetchResult.Page got = assertInstanceOf(FetchResult.Page.class, result);
                assertEquals(page.length, got.body().length);
            }
            assertTrue(toldInTime.get(), "the head was reported while half the body was still held");
        }
    }

    /**
     * Many workers, one slot per host and pages reached by many jobs at once: jobs held in the frontier for the busy
     * host often find their page fetched by the time they are handed out (their turn given back unused). The crawl
     * must still finish, exactly, with one host in scope or any.
     */
    @Test
    void deferredJobsNeverStrandTheCrawl() throws Exception {
        try (TestServer server = new TestServer()) {
            dev.qcrawl.testing.LinkGraph graph = dev.qcrawl.testing.LinkGraph.complete(10);
            graph.serveOn(server);
            for (String[] how : new String[][] {{"--unique", "any"}, {"--queue=lifo", "any"}, {"--unique", "host"},
                {"--queue=lifo", "host"}}) {
                String mode = how[0];
                Cli.Run run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                        () -> Cli.run("-q", mode, "--scope", how[1], "-d", "6", "-w", "32", "--per-host", "1",
                                server.url("/")));
                assertEquals(0, run.exitCode(), run.err());
                java.util.Map<String, java.math.BigInteger> expected = mode.equals("--unique")
                        ? graph.uniqueCounts(6) : graph.walkCounts(6);
                assertEquals(dev.qcrawl.testing.LinkGraph.expectedLines(expected, server.url(""), server.url("/")),
                        run.lines(), mode);
            }
        }
    }

    /**
     * A 429 with {@code Retry-After: 2} holds its whole host: no request of another worker goes to it within the
     * 2 s (on the server's clock, from the moment it sent the 429: a lower bound, never a race), the URL that was
     * told is retried after them, and a host that asks for longer than qcrawl waits (a day) is not asked again.
     * Before, only the URL that got the 429 waited; the other workers went on at once.
     */
    @Test
    void retryAfterHoldsTheWholeHost() throws Exception {
        try (TestServer a = new TestServer(); TestServer b = new TestServer()) {
            dev.qcrawl.testing.RetryAfterSite site = new dev.qcrawl.testing.RetryAfterSite(a, 2, 6);
            StringBuilder root = new StringBuilder(site.links());
            b.route("/day", ex -> {
                ex.getResponseHeaders().set("Retry-After", "86400");
                TestServer.respond(ex, 429, "text/html", "come back tomorrow");
            });
            root.append("<a href='").append(b.url("/day")).append("'>day</a>");
            a.page("/", root.toString());
            Cli.Run run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> Cli.run("-q", "--unique", "--ignore-robots", "--scope", "any", "-d", "2", "-w", "4",
                            "--per-host", "1", "--format", "jsonl", a.url("/")));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(2, a.hits("/r"), "the URL told is retried once");
            java.util.List<Long> after = site.gaps();
            assertTrue(site.told() && !after.isEmpty(), "requests came after the 429: " + after);
            for (long gap : after) {
                assertTrue(gap >= 2_000_000_000L, "a request " + gap / 1_000_000 + " ms after the 429: " + after);
            }
            assertEquals(1, b.hits("/day"), "Retry-After: 86400 is not retried within qcrawl's 30 s");
            assertTrue(run.lines().stream().anyMatch(l -> l.contains(b.url("/day")) && l.contains("429")),
                    run.out());
        }
    }
}
