package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * --sitemaps and --orphans against a real server: robots.txt names a gzip sitemap index, which names an XML and a
 * text sitemap. The site: / -> a, c; a -> b; b -> /; orphan1 -> a; orphan2 and deep/x link nowhere. The sitemaps
 * list /, a, b, orphan1, orphan2 and deep/x (not c).
 */
class SitemapsIT {
    private static TestServer server;

    @BeforeAll
    static void site() throws Exception {
        server = new TestServer();
        String base = server.url("");
        server.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                "User-agent: *\nDisallow:\nSitemap: " + base + "/sitemap_index.xml.gz\n"));
        String index = "<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + "<sitemap><loc>" + base + "/sm1.xml</loc></sitemap><sitemap><loc>" + base + "/sm2.txt</loc></sitemap>"
                + "</sitemapindex>";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(index.getBytes(StandardCharsets.UTF_8));
        }
        server.route("/sitemap_index.xml.gz", ex -> TestServer.respond(ex, 200, "application/gzip", gz.toByteArray()));
        server.route("/sm1.xml", ex -> TestServer.respond(ex, 200, "application/xml",
                "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        + "<url><loc>" + base + "/</loc></url><url><loc>" + base + "/a</loc></url>"
                        + "<url><loc>" + base + "/orphan1</loc></url></urlset>"));
        server.route("/sm2.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                base + "/b\n" + base + "/orphan2\n" + base + "/deep/x\n"));
        server.page("/", "<a href='/a'>a</a><a href='/c'>c</a>");
        server.page("/a", "<a href='/b'>b</a>");
        server.page("/b", "<a href='/'>home</a>");
        server.page("/c", "<p>c</p>");
        server.page("/orphan1", "<a href='/a'>a</a>");
        server.page("/orphan2", "<p>o</p>");
        server.page("/deep/x", "<p>x</p>");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, JsonNode> rows(Cli.Run run) throws Exception {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (String line : run.lines()) {
            JsonNode row = new ObjectMapper().readTree(line);
            rows.put(row.get("url").asText().substring(server.url("").length()), row);
        }
        return rows;
    }

    private static Map<String, Integer> counts(Map<String, JsonNode> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach((path, row) -> counts.put(path, row.get("count").asInt()));
        return counts;
    }

    @Test
    void sitemapUrlsAreRootsAtDepthOneCountedOnceEachInUniqueMode() throws Exception {
        Cli.Run run = Cli.run("-q", "--sitemaps", "--unique", "-d", "2", "--format", "jsonl", server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        Map<String, JsonNode> rows = rows(run);
        // each root once, plus the links on the fetched pages (every page is at depth 1 or 2, so all are fetched)
        assertEquals(Map.of("/", 2, "/a", 3, "/b", 2, "/c", 1, "/orphan1", 1, "/orphan2", 1, "/deep/x", 1),
                counts(rows));
        for (String path : List.of("/", "/a", "/b", "/orphan1", "/orphan2", "/deep/x")) {
            assertTrue(rows.get(path).get("in_sitemap").asBoolean(), path);
            assertEquals(1, rows.get(path).get("depth").asInt(), path);
        }
        assertFalse(rows.get("/c").get("in_sitemap").asBoolean());
        assertEquals(1, server.hits("/deep/x"));
    }

    @Test
    void sitemapUrlsAreRootsOfTheWalkToo() throws Exception {
        Cli.Run run = Cli.run("-q", "--sitemaps", "-d", "2", "--format", "jsonl", server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        // paths of up to 2 hops from each of the six roots, worked out by hand
        assertEquals(Map.of("/", 3, "/a", 4, "/b", 4, "/c", 2, "/orphan1", 1, "/orphan2", 1, "/deep/x", 1),
                counts(rows(run)));
    }

    @Test
    void orphansAreTheSitemapUrlsNoFetchedPageLinksTo() {
        Cli.Run run = Cli.run("-q", "--orphans", "--unique", "-d", "3", "--format", "csv", server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        List<String> urls = run.lines().stream().skip(1).map(l -> l.substring(0, l.indexOf(',')).replace("\"", ""))
                .sorted().toList();
        assertEquals(List.of(server.url("/deep/x"), server.url("/orphan1"), server.url("/orphan2")), urls);
        assertTrue(run.lines().get(0).contains("in_sitemap"), run.lines().get(0));
    }

    @Test
    void aSitemapIsReadOnlyWhereItsOwnOriginsRobotsTxtAllows() throws Exception {
        try (TestServer site = new TestServer(); TestServer other = new TestServer()) {
            // The site's robots.txt names four sitemaps: two on another origin, whose robots.txt forbids one; one of
            // its own that its robots.txt forbids; and one that redirects to the other origin's forbidden folder.
            site.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    "User-agent: *\nDisallow: /hidden/\n"
                            + "Sitemap: " + other.url("/private/sm.txt") + "\n"
                            + "Sitemap: " + other.url("/open/sm.txt") + "\n"
                            + "Sitemap: " + site.url("/hidden/sm.txt") + "\n"
                            + "Sitemap: " + site.url("/moved.txt") + "\n"));
            other.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    "User-agent: *\nDisallow: /private/\n"));
            other.route("/private/sm.txt", ex -> TestServer.respond(ex, 200, "text/plain", site.url("/p1") + "\n"));
            other.route("/private/moved.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    site.url("/p4") + "\n"));
            other.route("/open/sm.txt", ex -> TestServer.respond(ex, 200, "text/plain", site.url("/p2") + "\n"));
            site.route("/hidden/sm.txt", ex -> TestServer.respond(ex, 200, "text/plain", site.url("/p3") + "\n"));
            site.route("/moved.txt", ex -> {
                ex.getResponseHeaders().set("Location", other.url("/private/moved.txt"));
                TestServer.respond(ex, 301, "text/plain", "");
            });
            site.page("/", "<p>home</p>");
            for (String page : List.of("/p1", "/p2", "/p3", "/p4")) {
                site.page(page, "<p>page</p>");
            }

            Cli.Run run = Cli.run("-q", "--sitemaps", "--unique", "--format", "csv", site.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            List<String> urls = run.lines().stream().skip(1)
                    .map(l -> l.substring(0, l.indexOf(',')).replace("\"", "")).sorted().toList();
            assertEquals(List.of(site.url("/"), site.url("/p2")), urls);
            assertEquals(1, other.hits("/robots.txt"));
            assertEquals(1, other.hits("/open/sm.txt"));
            assertEquals(0, other.hits("/private/sm.txt"));
            assertEquals(0, other.hits("/private/moved.txt"));
            assertEquals(0, site.hits("/hidden/sm.txt"));
            assertEquals(1, site.hits("/moved.txt"));
        }
    }

    /** The start URL is where the crawl begins: listed in the sitemap and linked by no page, it is no orphan. */
    @Test
    void theStartUrlIsNoOrphan() throws Exception {
        try (TestServer site = new TestServer()) {
            site.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    "User-agent: *\nSitemap: " + site.url("/sm.txt") + "\n"));
            site.route("/sm.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    site.url("/") + "\n" + site.url("/linked") + "\n" + site.url("/alone") + "\n"));
            site.page("/", "<a href='/linked'>l</a>");
            site.page("/linked", "<p>l</p>");
            site.page("/alone", "<p>a</p>");
            Cli.Run run = Cli.run("-q", "--orphans", "--unique", "--format", "json", site.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertEquals(1, doc.get("summary").get("orphans").asInt(), run.out());
            assertEquals(List.of(site.url("/alone")),
                    java.util.stream.StreamSupport.stream(doc.get("rows").spliterator(), false)
                            .map(r -> r.get("url").asText()).toList());
        }
    }

    @Test
    void withoutSitemapsTheOutputIsUnchanged() throws Exception {
        Cli.Run run = Cli.run("-q", "--unique", "-d", "2", "--format", "jsonl", server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("in_sitemap"), run.out());
        // / -> a, c at depth 2; b is at depth 3, not fetched, so nothing links back to /
        assertEquals(Map.of("/", 1, "/a", 1, "/b", 1, "/c", 1), counts(rows(run)));
        Cli.Run csv = Cli.run("-q", "--unique", "-d", "2", "--format", "csv", server.url("/"));
        assertEquals("url,count,status,depth,content_type,error,referrer", csv.lines().get(0).strip());
    }

    /**
     * At most 100 sitemaps are read, a sitemap index included (docs/crawling.md): an index of 150 sitemaps has its
     * first 99 read, in its order, and the rest not requested.
     */
    @Test
    void atMostOneHundredSitemapsAreRead() throws Exception {
        try (TestServer many = new TestServer()) {
            String base = many.url("");
            StringBuilder index = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>"
                    + "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>");
            for (int i = 0; i < 150; i++) {
                index.append("<sitemap><loc>").append(base).append("/s").append(i).append(".txt</loc></sitemap>");
                String url = base + "/u" + i;
                many.route("/s" + i + ".txt", ex -> TestServer.respond(ex, 200, "text/plain", url + "\n"));
            }
            index.append("</sitemapindex>");
            many.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    "User-agent: *\nDisallow:\nSitemap: " + base + "/index.xml\n"));
            many.route("/index.xml", ex -> TestServer.respond(ex, 200, "application/xml", index.toString()));
            many.fallback(ex -> TestServer.respond(ex, 200, "text/html", "<p>page</p>"));
            Cli.Run run = Cli.run("-q", "--sitemaps", "--unique", "-d", "1", many.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            for (int i = 0; i < 150; i++) {
                assertEquals(i < 99 ? 1 : 0, many.hits("/s" + i + ".txt"), "/s" + i + ".txt");
            }
            assertEquals(100, run.lines().size(), "the start URL and the 99 sitemaps' URLs");
        }
    }
}
