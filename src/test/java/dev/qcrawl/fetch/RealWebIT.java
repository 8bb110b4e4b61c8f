package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local site with the cases a real crawler meets: fragments, padded hrefs, upper-case paths, base href,
 * redirects and a redirect loop, latin-1 and UTF-8 pages with non-ASCII links, gzip, XHTML, an image with
 * links in its bytes, robots.txt, a second host name, 503 with Retry-After, a slow page, a huge page and binary
 * junk served as HTML. One JSON crawl of it is checked row by row.
 */
class RealWebIT {
    private static TestServer server;
    private static final AtomicInteger flaky = new AtomicInteger();
    private static Map<String, Map<String, Object>> rows;
    /** Requests per path made by the main crawl (other tests crawl the same server again). */
    private static Map<String, Integer> hits;

    @BeforeAll
    static void site() throws Exception {
        server = new TestServer();
        String other = "http://localhost:" + server.port();
        server.page("/", String.join("\n",
                "<a href='  /Upper/Page.html#top  '>padded, fragment, upper case</a>",
                "<a href='/Upper/Page.html'>same page</a>",
                "<a href='/based/'>base href</a>",
                "<a href='/old'>redirected</a>",
                "<a href='/loop1'>loop</a>",
                "<a href='/moved-raw'>redirect with raw UTF-8 and a space in its Location</a>",
                "<a href='/latin1'>latin-1</a>",
                "<a href='/utf8'>utf-8</a>",
                "<a href='/gzip'>gzip</a>",
                "<a href='/deflate'>zlib deflate</a>",
                "<a href='/rawdeflate'>raw deflate</a>",
                "<a href='/xhtml'>xhtml</a>",
                "<a href='/image.png'>image</a>",
                "<a href='/private/secret.html'>robots</a>",
                "<a href='" + other + "/elsewhere'>other host name</a>",
                "<a href='/flaky'>503 then 200</a>",
                "<a href='/throttled'>429 then 200</a>",
                "<a href='/slow'>slow</a>",
                "<a href='/huge'>huge</a>",
                "<a href='/junk'>junk</a>",
                "<a href='/gone'>404</a>",
                "<a href='/away'>a redirect to another origin</a>",
                "<a href='/badgzip'>not gzip, said to be</a>",
                "<a href='mailto:me@example.com'>mail</a>"));
        server.page("/Upper/Page.html", "<p>upper</p>");
        server.page("/based/", "<html><head><base href='/target/'></head><body><a href='rel.html'>r</a></body></html>");
        server.page("/target/rel.html", "<p>rel</p>");
        server.route("/old", ex -> redirect(ex, 301, "/new/dir/"));
        server.page("/new/dir/", "<a href='child.html'>child</a>");
        server.page("/new/dir/child.html", "<p>child</p>");
        server.route("/moved-raw", ex -> redirect(ex, 302, new String("/zi\u00ebl page".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1))); // the header's bytes are the UTF-8 of the path, as servers send it
        server.page("/zi%C3%ABl%20page", "<p>target</p>");
        server.route("/away", ex -> redirect(ex, 301, other + "/elsewhere-by-redirect"));
        server.page("/elsewhere-by-redirect", "<a href='/never'>x</a>");
        server.route("/badgzip", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            TestServer.respond(ex, 200, "text/html", "<a href='/never'>plain, not gzip</a>");
        });
        server.route("/loop1", ex -> redirect(ex, 302, "/loop2"));
        server.route("/loop2", ex -> redirect(ex, 302, "/loop1"));
        server.route("/latin1", ex -> TestServer.respond(ex, 200, "text/html; charset=ISO-8859-1",
                "<a href='/caf\u00e9'>caf\u00e9</a>".getBytes(StandardCharsets.ISO_8859_1)));
        server.page("/caf%C3%A9", "<p>cafe</p>");
        server.route("/utf8", ex -> TestServer.respond(ex, 200, "text/html",
                "<meta charset='utf-8'><a href='/\u00fcber'>\u00fcber</a>".getBytes(StandardCharsets.UTF_8)));
        server.page("/%C3%BCber", "<p>uber</p>");
        server.route("/gzip", ex -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write("<a href='/from-gzip'>g</a>".getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            TestServer.respond(ex, 200, "text/html; charset=utf-8", bytes.toByteArray());
        });
        server.page("/from-gzip", "<p>g</p>");
        for (boolean raw : new boolean[] {false, true}) {
            String path = raw ? "/rawdeflate" : "/deflate";
            server.route(path, ex -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(bytes,
                        new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, raw))) {
                    z.write(("<a href='/from" + path + "'>d</a>").getBytes(StandardCharsets.UTF_8));
                }
                ex.getResponseHeaders().set("Content-Encoding", "deflate");
                TestServer.respond(ex, 200, "text/html", bytes.toByteArray());
            });
            server.page("/from" + path, "<p>d</p>");
        }
        server.route("/xhtml", ex -> TestServer.respond(ex, 200, "application/xhtml+xml",
                "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body><a href='/from-xhtml'>x</a></body></html>"));
        server.page("/from-xhtml", "<p>x</p>");
        server.route("/image.png", ex -> TestServer.respond(ex, 200, "image/png", "\u0089PNG<a href='/from-image'>i</a>"));
        server.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                "User-agent: *\nDisallow: /private/\n"));
        server.page("/private/secret.html", "<p>secret</p>");
        server.route("/flaky", ex -> {
            if (flaky.getAndIncrement() == 0) {
                ex.getResponseHeaders().set("Retry-After", "1");
                TestServer.respond(ex, 503, "text/html", "busy");
            } else {
                TestServer.respond(ex, 200, "text/html", "<a href='/after-retry'>ok</a>");
            }
        });
        server.page("/after-retry", "<p>ok</p>");
        AtomicInteger throttled = new AtomicInteger();
        server.route("/throttled", ex -> {
            if (throttled.getAndIncrement() == 0) {
                // an HTTP date one second ahead (rounded down to the second, so at most a second's wait)
                ex.getResponseHeaders().set("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(1)));
                TestServer.respond(ex, 429, "text/html", "slow down");
            } else {
                TestServer.respond(ex, 200, "text/html", "<p>ok</p>");
            }
        });
        server.route("/slow", ex -> {
            // The server is slow (held for up to 20 s); the client's --timeout 2s must not wait for it.
            new java.util.concurrent.CountDownLatch(1).await(20, java.util.concurrent.TimeUnit.SECONDS);
            TestServer.respond(ex, 200, "text/html", "<a href='/never'>late</a>");
        });
        server.route("/huge", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("<a href='/early'>early</a>".getBytes(StandardCharsets.UTF_8));
                byte[] filler = "<p>filler filler filler filler</p>\n".repeat(100).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 100; i++) {
                    out.write(filler);
                }
                out.write("<a href='/late'>late</a>".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.page("/early", "<p>early</p>");
        server.route("/junk", ex -> {
            byte[] junk = new byte[20_000];
            new Random(1).nextBytes(junk);
            TestServer.respond(ex, 200, "text/html", junk);
        });
        Cli.Run run = Cli.run("-q", "-d", "3", "--timeout", "2s", "--max-body", "64k", "--format", "jsonl",
                server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        hits = new HashMap<>();
        server.allHits().forEach((path, n) -> hits.put(path, n.get()));
        rows = new HashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : run.lines()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = json.readValue(line, Map.class);
            rows.put((String) row.get("url"), row);
        }
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        TestServer.respond(ex, status, "text/html", "<a href='/never'>moved</a>");
    }

    private static int hits(String path) {
        return hits.getOrDefault(path, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> row(String path) {
        Map<String, Object> row = rows.get(server.url(path));
        assertTrue(row != null, "no row for " + path + " in " + rows.keySet());
        return row;
    }

    @Test
    void paddedFragmentedHrefsAreOnePageWithItsPathCaseKept() {
        assertEquals(2, row("/Upper/Page.html").get("count"));
        assertEquals(1, hits("/Upper/Page.html"));
    }

    @Test
    void baseHrefDecidesWhereRelativeLinksPoint() {
        assertEquals(200, row("/target/rel.html").get("status"));
    }

    @Test
    void linksAfterARedirectResolveAgainstTheFinalUrl() {
        assertEquals(200, row("/old").get("status"));
        assertEquals(1, row("/new/dir/child.html").get("count"));
        assertEquals(1, hits("/new/dir/"));
        assertEquals(0, hits("/never"));
    }

    @Test
    void aLocationWithRawUtf8AndSpacesIsFollowedAsABrowserWould() {
        assertEquals(200, row("/moved-raw").get("status"));
        assertEquals(1, hits("/zi%C3%ABl%20page"));
    }

    @Test
    void aRedirectOutOfScopeIsNotFollowed() {
        assertEquals(301, row("/away").get("status"));
        assertEquals("scope", row("/away").get("error"));
        assertEquals(0, hits("/elsewhere-by-redirect"));
    }

    @Test
    void aBodyThatIsNotInItsContentEncodingIsAResponseNotRetried() {
        assertEquals(200, row("/badgzip").get("status"));
        assertEquals("bad-encoding", row("/badgzip").get("error"));
        assertEquals(1, hits("/badgzip"));
        assertEquals(0, hits("/never"));
    }

    @Test
    void redirectLoopsEndWithAnError() {
        assertEquals("redirect-loop", row("/loop1").get("error"));
    }

    @Test
    void nonAsciiLinksAreDecodedWithTheRightCharsetAndSentAsUtf8() {
        assertEquals(200, row("/caf%C3%A9").get("status"));
        assertEquals(200, row("/%C3%BCber").get("status"));
    }

    @Test
    void gzipAndXhtmlPagesAreParsed() {
        assertEquals(200, row("/from-gzip").get("status"));
        assertEquals(200, row("/from/deflate").get("status"));
        assertEquals(200, row("/from/rawdeflate").get("status"));
        assertEquals(200, row("/from-xhtml").get("status"));
    }

    @Test
    void linksInsideAnImageAreNotFollowed() {
        assertEquals(200, row("/image.png").get("status"));
        assertTrue(!rows.containsKey(server.url("/from-image")));
    }

    @Test
    void robotsDisallowedPagesAreListedButNeverRequested() {
        assertEquals("robots", row("/private/secret.html").get("error"));
        assertEquals(0, hits("/private/secret.html"));
        assertEquals(1, hits("/robots.txt"));
    }

    @Test
    void anotherHostNameIsOutOfScope() {
        Map<String, Object> row = rows.get("http://localhost:" + server.port() + "/elsewhere");
        assertEquals("scope", row.get("error"));
        assertEquals(0, hits("/elsewhere"));
    }

    @Test
    void a503WithRetryAfterIsRetried() {
        assertEquals(200, row("/flaky").get("status"));
        assertEquals(2, hits("/flaky"));
        assertEquals(1, row("/after-retry").get("count"));
    }

    @Test
    void a429WithAnHttpDateRetryAfterIsRetried() {
        assertEquals(200, row("/throttled").get("status"));
        assertEquals(2, hits("/throttled"));
    }

    @Test
    void aSlowPageTimesOutIsTriedOnceMoreAndTheCrawlGoesOn() {
        assertEquals("timeout", row("/slow").get("error"));
        assertEquals(2, hits("/slow"), "no response head within --timeout: tried once more, then given up");
    }

    @Test
    void aHugePageIsCutAtMaxBodyAndTheReadPartStillParsed() {
        assertEquals("too-large", row("/huge").get("error"));
        assertEquals(200, row("/early").get("status"));
        assertTrue(!rows.containsKey(server.url("/late")));
    }

    @Test
    void binaryJunkServedAsHtmlIsHarmless() {
        assertEquals(200, row("/junk").get("status"));
    }

    @Test
    void notFoundIsReportedWithItsStatus() {
        assertEquals(404, row("/gone").get("status"));
    }

    @Test
    void nonHttpLinksAreNotListed() {
        assertTrue(rows.keySet().stream().noneMatch(u -> u.startsWith("mailto:")));
    }

    @Test
    void ignoreRobotsAndScopeAnyFetchEverything() {
        Cli.Run run = Cli.run("-q", "-d", "2", "--ignore-robots", "--scope", "any", "--timeout", "2s", server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, server.hits("/private/secret.html"));
        assertEquals(1, server.hits("/elsewhere"));
    }
}
