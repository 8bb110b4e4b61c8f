package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import dev.qcrawl.testing.ThreeNamesSite;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact walk counts past {@code Long.MAX_VALUE}, and --unique counts that no queue type or worker count changes. */
class ExactCountsIT {

    @Test
    void walkCountsStayExactBeyondLongMaxValue() throws Exception {
        try (TestServer server = new TestServer()) {
            LinkGraph graph = LinkGraph.complete(12);
            graph.serveOn(server);
            int depth = 19;
            Map<String, BigInteger> expected = graph.walkCounts(depth);
            BigInteger largest = expected.values().stream().max(BigInteger::compareTo).orElseThrow();
            assertTrue(largest.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0, "the test must overflow a long");
            for (String queue : new String[] {"fifo", "lifo", "priority"}) {
                Cli.Run run = Cli.run("-q", "-d", String.valueOf(depth), "-w", "16", "--queue", queue, server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(LinkGraph.expectedLines(expected, server.url(""), server.url("/")), run.lines());
            }
        }
    }

    static Stream<Arguments> uniqueMatrix() {
        return Stream.of("fifo", "lifo", "priority").flatMap(queue -> Stream.of(1, 3, 16)
                .flatMap(workers -> Stream.of(1, 2, 3, 5).map(depth -> Arguments.of(queue, workers, depth))));
    }

    @ParameterizedTest(name = "--unique --queue {0} -w {1} -d {2}")
    @MethodSource("uniqueMatrix")
    void uniqueCountsAreTheSameForEveryQueueAndWorkerCount(String queue, int workers, int depth) throws Exception {
        try (TestServer server = new TestServer()) {
            LinkGraph graph = LinkGraph.random(7, 60, 8);
            graph.serveOn(server);
            Cli.Run run = Cli.run("-q", "--unique", "--queue", queue, "-w", String.valueOf(workers),
                    "-d", String.valueOf(depth), "--retries", "0", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(LinkGraph.expectedLines(graph.uniqueCounts(depth), server.url(""), server.url("/")),
                    run.lines());
            for (Map.Entry<String, AtomicInteger> e : server.allHits().entrySet()) {
                assertEquals(1, e.getValue().get(), "requests for " + e.getKey());
            }
        }
    }

    /**
     * With one worker and a stack, the page X is first reached by the long path / -> L1 -> L2 -> X (depth 4) and
     * expanded there, and only then by the short one / -> S -> X (depth 3). Its stored links must then be
     * expanded again one level shallower, so Y (at depth 4 through the short path) is fetched - without a
     * second request for X.
     */
    @Test
    void pageReachedAgainAtAShallowerDepthIsReExpandedFromItsStoredLinks() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/s\">s</a><a href=\"/l1\">l1</a>");
            server.page("/s", "<a href=\"/x\">x</a>");
            server.page("/l1", "<a href=\"/l2\">l2</a>");
            server.page("/l2", "<a href=\"/x\">x</a>");
            server.page("/x", "<a href=\"/y\">y</a>");
            server.page("/y", "<a href=\"/z\">z</a>");
            for (String queue : new String[] {"lifo", "fifo", "priority"}) {
                server.allHits().clear();
                Cli.Run run = Cli.run("-q", "--unique", "--queue", queue, "-w", "1", "-d", "4", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(1, server.hits("/x"), queue);
                assertEquals(1, server.hits("/y"), queue + ": y is at depth 4 through the short path");
                assertEquals(java.util.List.of(
                        "  2 " + server.url("/x"),
                        "  1 " + server.url("/"),
                        "  1 " + server.url("/l1"),
                        "  1 " + server.url("/l2"),
                        "  1 " + server.url("/s"),
                        "  1 " + server.url("/y"),
                        "  1 " + server.url("/z")), run.lines(), queue);
            }
        }
    }

    @Test
    void uniqueModeTreatsARedirectAndItsTargetAsOneFetchedPage() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/old'>old</a><a href='/new/'>new</a>");
            server.route("/old", ex -> {
                ex.getResponseHeaders().set("Location", "/new/");
                TestServer.respond(ex, 301, "text/html", "");
            });
            server.page("/new/", "<a href='child'>child</a>");
            server.page("/new/child", "<p>child</p>");
            for (String queue : new String[] {"fifo", "lifo", "priority"}) {
                server.allHits().clear();
                Cli.Run run = Cli.run("-q", "--unique", "--queue", queue, "-w", "1", "-d", "3", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(1, server.hits("/new/"), queue);
                assertEquals(java.util.List.of(
                        "  1 " + server.url("/"),
                        "  1 " + server.url("/new/"),
                        "  1 " + server.url("/new/child"),
                        "  1 " + server.url("/old")), run.lines(), queue);
            }
        }
    }
    /** A page reached at once under three names ({@link ThreeNamesSite}): requested once, and one page. */
    @Test
    void aPageReachedAtOnceUnderThreeNamesIsRequestedOnceAndIsOnePage() throws Exception {
        try (TestServer server = new TestServer()) {
            ThreeNamesSite site = new ThreeNamesSite(server);
            for (String queue : new String[] {"fifo", "lifo", "priority"}) {
                site.reset();
                Cli.Run run = Cli.run("-q", "--unique", "--queue", queue, "-w", "8", "-d", "3", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertTrue(site.bothRedirectsAnswered(), "both redirects were answered while /t was held");
                assertEquals(1, server.hits("/t"), queue);
                assertEquals(site.uniqueCounts(), run.lines(), queue);
            }
        }
    }
}

