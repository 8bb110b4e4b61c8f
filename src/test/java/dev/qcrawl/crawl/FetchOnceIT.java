package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What is parsed and what is not, and that every URL is requested at most once per crawl. */
class FetchOnceIT {

    @Test
    void nonHtml404And500AreCountedButNotParsed() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/t.txt\">t</a><a href=\"/404\">m</a><a href=\"/500\">e</a>"
                    + "<a href=\"/img\">i</a><a href=\"javascript:alert(1)\">js</a><a href=\" JavaScript:go()\">js</a>");
            server.route("/t.txt", ex -> TestServer.respond(ex, 200, "text/plain", "<a href=\"/never1\">x</a>"));
            server.route("/404", ex -> TestServer.respond(ex, 404, "text/html", "<a href=\"/never2\">x</a>"));
            server.route("/500", ex -> TestServer.respond(ex, 500, "text/html", "<a href=\"/never3\">x</a>"));
            server.route("/img", ex -> TestServer.respond(ex, 200, "image/png", "<a href=\"/never4\">x</a>"));
            Cli.Run run = Cli.run("-q", "-d", "3", "--retries", "0", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("  1 " + server.url("/"), "  1 " + server.url("/404"), "  1 " + server.url("/500"),
                    "  1 " + server.url("/img"), "  1 " + server.url("/t.txt")), run.lines());
            for (String never : new String[] {"/never1", "/never2", "/never3", "/never4"}) {
                assertEquals(0, server.hits(never), never);
            }
        }
    }

    @Test
    void eachUrlIsRequestedOnceHoweverManyPathsReachIt() throws Exception {
        try (TestServer server = new TestServer()) {
            LinkGraph graph = LinkGraph.complete(8);
            graph.serveOn(server);
            for (String queue : new String[] {"fifo", "lifo", "priority"}) {
                server.allHits().clear();
                Cli.Run run = Cli.run("-q", "-d", "6", "-w", "16", "--queue", queue, server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(LinkGraph.expectedLines(graph.walkCounts(6), server.url(""), server.url("/")), run.lines());
                for (Map.Entry<String, AtomicInteger> e : server.allHits().entrySet()) {
                    assertEquals(1, e.getValue().get(), "requests for " + e.getKey());
                }
                assertTrue(server.hits("/p7.html") == 1);
            }
        }
    }

    /**
     * A redirect chain passes through a URL the page links to as well: that URL shares the chain's page and is not
     * requested again, in both modes. One worker and a FIFO queue load /r (whose chain is /r, /s, /t) before /s.
     */
    @Test
    void aUrlARedirectChainPassedThroughIsNotRequestedAgain() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/r'>r</a><a href='/s'>s</a>");
            server.redirect("/r", 301, "/s");
            server.redirect("/s", 302, "/t");
            server.page("/t", "<a href='/c'>c</a>");
            server.page("/c", "<p>c</p>");
            for (String mode : new String[] {"--unique", "-d"}) {
                server.allHits().clear();
                Cli.Run run = mode.equals("-d") ? Cli.run("-q", "-w", "1", "-d", "4", server.url("/"))
                        : Cli.run("-q", "-w", "1", "--unique", "-d", "4", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                for (String path : new String[] {"/", "/r", "/s", "/t", "/c"}) {
                    assertEquals(1, server.hits(path), mode + " " + path);
                }
                // Unique: /t's page (under three names) links to /c once. Walk: / -> r -> c and / -> s -> c, the
                // larger count first.
                List<String> expected = mode.equals("-d")
                        ? List.of("  2 " + server.url("/c"), "  1 " + server.url("/"), "  1 " + server.url("/r"),
                                "  1 " + server.url("/s"))
                        : List.of("  1 " + server.url("/"), "  1 " + server.url("/c"), "  1 " + server.url("/r"),
                                "  1 " + server.url("/s"));
                assertEquals(expected, run.lines(), mode);
            }
        }
    }

    /**
     * Too many redirects is a verdict on a chain from its start: a URL further along it, linked too, is loaded by
     * itself and may end well. /r0 to /r12 redirect one to the next and /r12 is a page: from /r0 that is 12
     * redirects (more than 10), from /r3 nine. One worker loads /r0 first.
     */
    @Test
    void aUrlPartWayAlongAChainWithTooManyRedirectsIsLoadedByItself() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/r0'>far</a><a href='/r3'>nearer</a>");
            for (int i = 0; i < 12; i++) {
                server.redirect("/r" + i, 302, "/r" + (i + 1));
            }
            server.page("/r12", "<p>the end</p>");
            Cli.Run run = Cli.run("-q", "-w", "1", "-d", "3", "--format", "csv", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            String out = run.out();
            assertTrue(out.contains(server.url("/r0") + "\",1,,2,,too-many-redirects,"), out);
            assertTrue(out.contains(server.url("/r3") + "\",1,200,2,\"text/html; charset=utf-8\",,"), out);
        }
    }
}
