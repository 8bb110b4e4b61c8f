package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The HTML report of a link check lists what the check found broken, not only the crawl's own pages: a missing
 * image, a missing fragment, a link to a host that refuses, and a page beyond the depth, each with the page linking
 * to it; a status that {@code --accept} takes is not listed.
 */
class CheckedReportIT {

    @Test
    void theReportListsTheBrokenLinksTheCheckFound() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once it is closed
        }
        try (TestServer server = new TestServer()) {
            String refused = "http://127.0.0.1:" + closed + "/x";
            server.page("/", "<a href=\"/a\">a</a><a href=\"" + refused + "\">r</a><img src=\"/missing.png\">"
                    + "<a href=\"/a#nope\">f</a><a href=\"/a#yes\">y</a><a href=\"/walled\">w</a>");
            server.page("/a", "<h1 id=\"yes\">a</h1><a href=\"/deep\">deep</a>");
            server.route("/walled", ex -> TestServer.respond(ex, 403, "text/html", "no bots"));
            // /missing.png and /deep are not routed: the server answers 404
            Cli.Run run = Cli.run("-q", "-d", "2", "--check", "--check-fragments", "--accept", "403",
                    "--format", "html", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());

            Document page = Jsoup.parse(run.out());
            Map<String, List<String>> listed = new TreeMap<>();
            for (Element row : page.select("#broken tbody tr")) {
                listed.put(row.selectFirst("td.url").text() + " " + row.select("td").get(1).text(),
                        row.select("li").eachText());
            }
            Map<String, List<String>> expected = new TreeMap<>(Map.of(
                    server.url("/missing.png") + " 404", List.of(server.url("/")),
                    server.url("/a#nope") + " fragment", List.of(server.url("/")),
                    refused + " refused", List.of(server.url("/")),
                    server.url("/deep") + " 404", List.of(server.url("/a"))));
            assertEquals(expected, listed);
        }
    }

    /**
     * A page reached through a redirect and under its own name is one node's links in a drawing of a check: its links
     * and resources start at the graph's name for it (here the redirect's, which sorts first), never at both names.
     */
    @Test
    void aRedirectedPageHasItsLinksOnceInTheDrawingOfACheck() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/a-old\">r</a><a href=\"/p.html\">p</a>");
            server.redirect("/a-old", 301, "/p.html");
            server.page("/p.html", "<a href=\"/q.html\">q</a><img src=\"/i.png\">");
            server.page("/q.html", "<p>q</p>");
            server.route("/i.png", ex -> TestServer.respond(ex, 200, "image/png", "png"));
            Cli.Run run = Cli.run("-q", "-w", "1", "-d", "3", "--unique", "--check", "--format", "dot",
                    server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            List<String> edges = new java.util.ArrayList<>();
            java.util.regex.Pattern edge = java.util.regex.Pattern.compile("^  \"([^\"]+)\" -> \"([^\"]+)\".*");
            for (String line : run.lines()) {
                java.util.regex.Matcher e = edge.matcher(line);
                if (e.matches()) {
                    edges.add(e.group(1).replace(server.url(""), "") + " -> " + e.group(2).replace(server.url(""), ""));
                }
            }
            java.util.Collections.sort(edges);
            // Both names at depth 2: the graph names the page /a-old (it sorts first), and draws its links from there.
            assertEquals(List.of("/ -> /a-old", "/ -> /p.html", "/a-old -> /i.png", "/a-old -> /q.html"), edges,
                    run.out());
        }
    }

    @Test
    void theDrawingHasTheChecksLinksAndColoursAnAcceptedStatusAsNotBroken() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/a\">a</a><img src=\"/missing.png\"><a href=\"/a#nope\">f</a>"
                    + "<a href=\"/walled\">w</a>");
            server.page("/a", "<h1 id=\"yes\">a</h1><img src=\"/missing.png\"><img src=\"/missing.png\">");
            server.route("/walled", ex -> TestServer.respond(ex, 403, "text/html", "no bots"));
            Cli.Run run = Cli.run("-q", "-d", "2", "--check", "--check-fragments", "--accept", "403",
                    "--format", "dot", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            java.util.Set<String> edges = new java.util.TreeSet<>();
            Map<String, String> fill = new TreeMap<>();
            java.util.regex.Pattern edge = java.util.regex.Pattern.compile("^  \"([^\"]+)\" -> \"([^\"]+)\".*");
            java.util.regex.Pattern node = java.util.regex.Pattern.compile("^  \"([^\"]+)\" \\[.*fillcolor=\"([^\"]+)\".*");
            for (String line : run.lines()) {
                java.util.regex.Matcher e = edge.matcher(line);
                java.util.regex.Matcher n = node.matcher(line);
                if (e.matches()) {
                    edges.add(e.group(1).replace(server.url(""), "") + " -> " + e.group(2).replace(server.url(""), ""));
                } else if (n.matches()) {
                    fill.put(n.group(1).replace(server.url(""), ""), n.group(2));
                }
            }
            // Every link of the pages above, once per pair of pages, whether the crawl or the check read it.
            assertEquals(new java.util.TreeSet<>(List.of("/ -> /a", "/ -> /missing.png", "/ -> /a#nope",
                    "/ -> /walled", "/a -> /missing.png")), edges, run.out());
            assertEquals("#e53935", fill.get("/missing.png"), "broken: " + fill);
            assertEquals("#e53935", fill.get("/a#nope"), "broken: " + fill);
            assertEquals("#ffb300", fill.get("/walled"), "a 403 that --accept takes is not drawn as broken: " + fill);
        }
    }

    @Test
    void aStartUrlTypedWithoutItsSlashIsDrawnAsTwoRowsWithEachLinkOnce() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/\">home</a><a href=\"/a\">a</a>");
            server.page("/a", "<a href=\"/\">home</a><img src=\"/missing.png\">");
            String typed = server.url("");
            Cli.Run run = Cli.run("-q", "-d", "2", "--check", "--format", "dot", typed);
            assertEquals(0, run.exitCode(), run.err());
            List<String> edges = new java.util.ArrayList<>();
            for (String line : run.lines()) {
                if (line.contains(" -> ")) {
                    edges.add(line.replaceAll(" \\[.*", "").strip());
                }
            }
            // The start job is the typed URL's row; the links to "/" go to the row of "/" (as the tutorial counts).
            assertEquals(List.of("\"" + typed + "\" -> \"" + typed + "/\"", "\"" + typed + "\" -> \"" + typed + "/a\"",
                    "\"" + typed + "/a\" -> \"" + typed + "/\"", "\"" + typed + "/a\" -> \"" + typed + "/missing.png\""),
                    edges.stream().sorted().toList(), run.out());
        }
    }
}
