package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
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
            StringBuilder root = new StringBuilder();
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger maxHolding = new AtomicInteger();
            for (int i = 0; i < 24; i++) {
                root.append("<a href='/p").append(i).append("'>p</a>");
                // Each page holds its request a little before answering, so requests overlap unless the client
                // limits them. Counted while held: the client cannot have had its answer yet.
                server.route("/p" + i, ex -> {
                    maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    never.await(50, TimeUnit.MILLISECONDS);
                    holding.decrementAndGet();
                    TestServer.respond(ex, 200, "text/html", "<p>x</p>");
                });
            }
            server.page("/", root.toString());
            Cli.Run run = Cli.run("-q", "-d", "2", "-w", "16", "--per-host", "2", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(25, run.lines().size());
            assertTrue(maxHolding.get() <= 2, "in flight at once: " + maxHolding.get());
            maxHolding.set(0);

            Cli.Run wide = Cli.run("-q", "-d", "2", "-w", "16", "--per-host", "16", server.url("/"));
            assertEquals(0, wide.exitCode(), wide.err());
            assertTrue(maxHolding.get() > 2, "the limit must be what held it: " + maxHolding.get());
        }
    }

    /**
     * Host A asks for a 1 s Crawl-delay; host B asks for nothing. With two workers, the jobs for A that must wait
     * are put aside, so every page of B is requested before A's second page - the order is checked, not times.
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
     * Many workers, one slot per host and pages reached by many jobs at once: jobs put aside for the busy host
     * often find their page fetched by the time they come back. The crawl must still finish, exactly. With
     * {@code --scope host} workers wait for their turn instead of putting jobs aside; both ways are checked.
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
}
