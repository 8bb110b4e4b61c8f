package dev.qcrawl.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A link check of a small site on loopback whose links lead to several origins standing for other sites: one that
 * 404s, one that refuses connections (a closed port), one that answers HEAD with 405, one that answers 429 with
 * Retry-After once, one that must never be requested (only preconnect and dns-prefetch hints name it). The broken
 * links are listed by hand below from the pages' text, not computed by the code under test.
 */
class CheckIT {
    private static TestServer site;
    private static TestServer other;
    private static TestServer headless;
    private static TestServer limited;
    private static TestServer hinted;
    /** A site written carelessly: backslashes, links that are no URL, a page longer than the --max-body used. */
    private static TestServer rough;
    private static int closedPort;
    /** Requests by method and path, per server. */
    private static final Map<TestServer, Map<String, AtomicInteger>> byMethod = new ConcurrentHashMap<>();
    private static final AtomicInteger limitedCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again at once: connections to it are refused
        }
        site = counted(new TestServer());
        other = counted(new TestServer());
        headless = counted(new TestServer());
        limited = counted(new TestServer());
        hinted = counted(new TestServer());
        rough = counted(new TestServer());
        String refused = "http://127.0.0.1:" + closedPort;

        site.page("/", """
                <html><head>
                <link rel="stylesheet" href="/css/site.css">
                <link rel="stylesheet" href="{other}/missing.css">
                <link rel="preconnect" href="{hinted}/">
                <link rel="dns-prefetch" href="{hinted}/prefetch">
                <link rel="icon" href="/favicon.ico">
                <script src="/js/app.js"></script>
                <script src="/js/missing.js"></script>
                </head><body id="body">
                <a href="/page2">two</a> <a href="/page2#section">by id</a> <a href="/page2#named">by name</a>
                <a href="/page2#nope">missing fragment</a> <a href="/page2#caf%C3%A9">encoded</a>
                <a href="/page2#%20sp">missing, with a space</a>
                <a href="#top">top</a> <a href="#">hash</a> <a href="#/route">route</a> <a href="#!bang">bang</a>
                <a href="/page2#:~:text=two">text fragment</a> <a href="#nowhere">same page, missing</a>
                <a href="#body">same page, there</a>
                <a href="/missing">missing page</a>
                <a href="/go-fine">redirect to fine</a> <a href="/go-missing">redirect to missing</a>
                <a href="{other}/fine">fine elsewhere</a> <a href="{other}/gone">gone elsewhere</a>
                <a href="{other}/moved">moved elsewhere</a>
                <a href="{other}/loop-a">a redirect loop</a> <a href="{other}/loop-b">its other end</a>
                <a href="{refused}/x">refused</a>
                <a href="{headless}/doc#install">doc</a> <a href="{headless}/doc#missing">doc, missing fragment</a>
                <a href="{limited}/api">rate limited once</a>
                <a href="mailto:someone@example.org">mail</a> <a href="javascript:void(0)">js</a>
                <img src="/img/ok.png"> <img src="/img/missing.png">
                <img srcset="/img/ok.png 1x, /img/missing-2x.png 2x" src="/img/ok.png">
                <img srcset=" , ,,  ">
                <img src="data:image/png;base64,iVBORw0KGgo=" srcset="data:image/gif;base64,R0lGOD,lhAQ= 1x">
                <picture><source srcset="/img/ok.png 480w, /img/ok.png 800w"></picture>
                <div style="background: url('/img/inline-missing.png')">styled</div>
                <style>.s { background: url(/img/ok.png) } .t { background: url(/img/style-missing.png) }</style>
                </body></html>
                """.replace("{other}", other.url("")).replace("{refused}", refused).replace("{headless}", headless.url(""))
                .replace("{limited}", limited.url("")).replace("{hinted}", hinted.url("")));
        site.page("/page2", """
                <h2 id="section">Section</h2><a name="named">named</a><h2 id="café">Café</h2>
                <a href="/">home</a> <a href="{other}/fine">fine</a>
                """.replace("{other}", other.url("")));
        rough.page("/", """
                <a href="docs\\page.html">a backslash, as browsers read it a slash</a> <img src="img\\logo.png">
                <a href="https://">no host</a> <a href="http://127.0.0.1:80a/">a bad port</a>
                <a href="http://[::1/">an unclosed IPv6 address</a> <img src="http://bad host/logo.png">
                <a href="http://my_host.invalid/x">a host browsers take, Java's URI not: neither fetched nor broken</a>
                <a href="long.html#intro">early in a long page</a> <a href="long.html#appendix">past --max-body</a>
                """);
        rough.page("/docs/page.html", "<p>here</p>");
        rough.page("/flawed/", "<a href='bad.gz.html'>a page whose gzip is not gzip</a>");
        rough.route("/flawed/bad.gz.html", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            TestServer.respond(ex, 200, "text/html", "not gzip at all");
        });
        rough.route("/img/logo.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[10]));
        rough.page("/long.html", "<h1 id=intro>Intro</h1>" + "<p>filler</p>".repeat(20_000) + "<h2 id=appendix>x</h2>");
        site.route("/go-fine", redirect(other.url("/fine")));
        site.route("/go-missing", redirect(other.url("/gone")));
        site.route("/css/site.css", ex -> TestServer.respond(ex, 200, "text/css; charset=utf-8", """
                @import url('more.css');
                body { background: url(../img/ok.png) } /* url(/img/commented.png) */
                .x { background: url("{other}/missing-bg.png") }
                """.replace("{other}", other.url(""))));
        site.route("/css/more.css", ex -> TestServer.respond(ex, 200, "text/css", """
                @font-face { font-family: F; src: url(/fonts/missing.woff2) format('woff2') }
                @layer base { .y { background: url(/img/ok.png) } }
                """));
        site.route("/js/app.js", ex -> TestServer.respond(ex, 200, "text/javascript", "1"));
        site.route("/img/ok.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[100_000]));
        site.route("/favicon.ico", ex -> TestServer.respond(ex, 200, "image/x-icon", new byte[10]));

        other.page("/fine", "<a href='/only-external'>a page only an external page links to</a>");
        other.route("/moved", redirect("/fine"));
        other.route("/loop-a", redirect("/loop-b"));
        other.route("/loop-b", redirect("/loop-a"));
        headless.route("/doc", ex -> {
            if (ex.getRequestMethod().equals("HEAD")) {
                TestServer.respond(ex, 405, null, new byte[0]);
            } else {
                TestServer.respond(ex, 200, "text/html", "<h1 id='install'>Install</h1><a href='/deeper'>x</a>");
            }
        });
        limited.route("/api", ex -> {
            if (limitedCalls.getAndIncrement() % 2 == 0) {
                ex.getResponseHeaders().set("Retry-After", "1");
                TestServer.respond(ex, 429, "text/plain", "slow down");
            } else {
                TestServer.respond(ex, 200, "application/json", "{}");
            }
        });
    }

    /** The broken links of the site, from its pages as written above. */
    private static List<String> expectedBroken() {
        return List.of(
                site.url("/missing"),
                site.url("/go-missing"),
                other.url("/gone"),
                other.url("/loop-a"),
                other.url("/loop-b"),
                "http://127.0.0.1:" + closedPort + "/x",
                other.url("/missing.css"),
                site.url("/js/missing.js"),
                site.url("/img/missing.png"),
                site.url("/img/missing-2x.png"),
                site.url("/img/inline-missing.png"),
                site.url("/img/style-missing.png"),
                other.url("/missing-bg.png"),
                site.url("/fonts/missing.woff2"),
                site.url("/page2#nope"),
                site.url("/page2#%20sp"),
                site.url("/#nowhere"),
                headless.url("/doc#missing"));
    }

    private static TestServer counted(TestServer server) {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        byMethod.put(server, hits);
        return server.before(ex -> hits.computeIfAbsent(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath(),
                k -> new AtomicInteger()).incrementAndGet());
    }

    private static TestServer.Handler redirect(String location) {
        return ex -> {
            ex.getResponseHeaders().set("Location", location);
            TestServer.respond(ex, 302, "text/html", "");
        };
    }

    @AfterAll
    static void stop() {
        for (TestServer s : List.of(site, other, headless, limited, hinted, rough)) {
            s.close();
        }
    }

    /** Requests by server and "METHOD path", counted over {@code run}. */
    private static Map<String, Integer> requestsDuring(Runnable run) {
        Map<String, Integer> before = snapshot();
        run.run();
        Map<String, Integer> after = snapshot();
        Map<String, Integer> delta = new TreeMap<>();
        after.forEach((k, v) -> {
            int d = v - before.getOrDefault(k, 0);
            if (d > 0) {
                delta.put(k, d);
            }
        });
        return delta;
    }

    private static Map<String, Integer> snapshot() {
        Map<String, Integer> all = new HashMap<>();
        Map<TestServer, String> names = Map.of(site, "site", other, "other", headless, "headless", limited, "limited",
                hinted, "hinted", rough, "rough");
        byMethod.forEach((server, hits) -> hits.forEach((k, v) -> all.put(names.get(server) + " " + k, v.get())));
        return all;
    }

    @Test
    void brokenWithFragmentsReportsExactlyTheBrokenLinksEachExternalUrlAtMostTwice() {
        Cli.Run[] run = new Cli.Run[1];
        Map<String, Integer> requests = requestsDuring(
                () -> run[0] = Cli.run("-q", "--broken", "--check-fragments", "--fail-on-broken", site.url("/")));
        assertEquals(3, run[0].exitCode(), run[0].err());
        Map<String, String> entries = run[0].entries();
        assertEquals(new TreeSet<>(expectedBroken()), entries.keySet(), run[0].out());
        assertEquals("404", entries.get(site.url("/go-missing")), "a redirect to a missing page is that page's 404");
        assertEquals("refused", entries.get("http://127.0.0.1:" + closedPort + "/x"));
        assertEquals("fragment", entries.get(site.url("/page2#nope")));
        assertEquals("redirect-loop", entries.get(other.url("/loop-a")), "two checks that redirect to each other");
        // The pages linking to a broken resource are listed under it.
        List<String> lines = run[0].lines();
        int at = lines.indexOf("404 " + site.url("/img/missing-2x.png"));
        assertEquals("    linked from " + site.url("/"), lines.get(at + 1));
        // What a stylesheet loads is linked from the stylesheet; an imported one's from the one importing it.
        at = lines.indexOf("404 " + site.url("/fonts/missing.woff2"));
        assertEquals("    linked from " + site.url("/css/more.css"), lines.get(at + 1));
        at = lines.indexOf("404 " + other.url("/missing-bg.png"));
        assertEquals("    linked from " + site.url("/css/site.css"), lines.get(at + 1));

        // Nothing only an external page links to, no hint, no HEAD; each URL elsewhere at most twice.
        assertFalse(requests.containsKey("other GET /only-external"), requests.toString());
        assertFalse(requests.containsKey("headless GET /deeper"), requests.toString());
        assertTrue(requests.keySet().stream().noneMatch(k -> k.startsWith("hinted")), requests.toString());
        assertTrue(requests.keySet().stream().noneMatch(k -> k.contains(" HEAD ")), requests.toString());
        assertTrue(requests.keySet().stream().noneMatch(k -> !k.startsWith("site") && k.endsWith("/robots.txt")),
                "a check does not read other sites' robots.txt: " + requests);
        requests.forEach((k, n) -> {
            if (!k.startsWith("site")) {
                assertTrue(n <= 2, k + " requested " + n + " times: " + requests);
            }
        });
        // Checked pages elsewhere are requested, and the 429 was retried once after its Retry-After.
        assertEquals(2, requests.get("limited GET /api"), requests.toString());
        assertTrue(requests.get("headless GET /doc") == 1, requests.toString());
        assertTrue(requests.get("other GET /gone") >= 1, requests.toString());
        // Resources of the site are requested once, never parsed (no page links them with <a>).
        assertEquals(1, requests.get("site GET /img/ok.png"), requests.toString());
        assertEquals(1, requests.get("site GET /css/site.css"), requests.toString());
        assertEquals(1, requests.get("site GET /css/more.css"), requests.toString());
        // A URL of the site that redirects elsewhere: the crawl's request got the redirect, the check goes on from
        // where it led.
        assertEquals(1, requests.get("site GET /go-fine"), requests.toString());
        assertEquals(1, requests.get("site GET /go-missing"), requests.toString());
        assertFalse(requests.containsKey("site GET /img/commented.png"), "a url() in a CSS comment: " + requests);
    }

    /**
     * A check asks another site for at most 4 URLs at a time, whatever -w and --per-host allow the crawl (the
     * README's figure). That site holds each request until 4 are in flight, and then a second more, in which a check
     * with a higher limit sends more (with a limit of 5, 5 were seen at once; with 32, 12): the most in flight is
     * counted on the server.
     */
    @Test
    void aCheckAsksAnotherSiteForAtMostFourUrlsAtATime() throws Exception {
        try (TestServer own = new TestServer(); TestServer elsewhere = new TestServer()) {
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Object four = new Object();
            StringBuilder page = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                page.append("<a href='").append(elsewhere.url("/p" + i)).append("'>x</a>");
                elsewhere.route("/p" + i, ex -> {
                    synchronized (four) {
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        four.notifyAll();
                        long end = System.nanoTime() + 20_000_000_000L; // a hang guard
                        while (holding.get() < 4 && most.get() < 4 && System.nanoTime() < end) {
                            four.wait(1000);
                        }
                    }
                    Thread.sleep(1000); // the fixture's pace: a slow site, in which a higher limit shows
                    holding.decrementAndGet();
                    TestServer.respond(ex, 200, "text/html", "<p>x</p>");
                });
            }
            own.page("/", page.toString());
            Cli.Run run = Cli.run("-q", "--broken", "-w", "32", "--per-host", "32", own.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.out(), "nothing is broken");
            assertEquals(4, most.get(), "at most 4 at once, and 4 reached");
            for (int i = 0; i < 12; i++) {
                assertEquals(1, elsewhere.hits("/p" + i), "/p" + i);
            }
        }
    }

    /**
     * A server that answers every stylesheet path with CSS importing a path one folder deeper: the check reads 8
     * levels of stylesheets (docs/checking-links.md) and ends; the ninth is requested, not read. Before, it went on
     * for ever.
     */
    @Test
    void aCheckReadsEightLevelsOfImportedStylesheetsAndEnds() throws Exception {
        try (TestServer own = new TestServer()) {
            own.page("/", "<link rel=stylesheet href='/css/a.css'>");
            own.fallback(ex -> {
                if (ex.getRequestURI().getPath().endsWith(".css")) {
                    TestServer.respond(ex, 200, "text/css", "@import 'd/x.css'; body { background: url(bg.png) }");
                } else {
                    TestServer.respond(ex, 404, "text/plain", "no");
                }
            });
            Cli.Run run = Cli.run("-q", "--check", "--format", "jsonl", own.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            long sheets = own.allHits().entrySet().stream().filter(e -> e.getKey().endsWith(".css"))
                    .mapToInt(e -> e.getValue().get()).sum();
            assertEquals(9, sheets, own.allHits().toString());
            long images = own.allHits().keySet().stream().filter(k -> k.endsWith("/bg.png")).count();
            assertEquals(8, images, "the background of each stylesheet read");
        }
    }

    /**
     * A stylesheet the crawl itself fetches, linked with {@code <a href>} or reached through a redirect, is read as
     * CSS, as one a page loads is: what it loads and imports is checked. A fragment named on it is not a missing
     * one: a stylesheet offers none. Before, its body was not read, and its broken images went unseen.
     */
    @Test
    void aStylesheetTheCrawlFetchesIsReadForWhatItLoads() throws Exception {
        try (TestServer own = new TestServer()) {
            own.page("/", "<a href='/print.css#top'>print</a><a href='/old.css'>old</a>"
                    + "<a href='/packed.css'>packed</a>");
            own.route("/print.css", ex -> TestServer.respond(ex, 200, "text/css",
                    "@import 'more.css'; body { background: url(/gone.png) } .x { background: url(ok.png) }"));
            own.redirect("/old.css", 301, "/new.css");
            own.route("/new.css", ex -> TestServer.respond(ex, 200, "text/css; charset=utf-8",
                    "h1 { background: url('img/lost.gif') }"));
            own.route("/more.css", ex -> TestServer.respond(ex, 200, "text/css",
                    ".y { src: url(fonts/missing.woff) }"));
            own.route("/packed.css", ex -> { // says gzip, is not: a body read finds that out, a body skipped cannot
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
                TestServer.respond(ex, 200, "text/css", ".z { color: red }");
            });
            own.route("/ok.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[8]));
            own.fallback(ex -> TestServer.respond(ex, 404, "text/plain", "no"));
            Cli.Run plain = Cli.run("-q", "--format", "csv", own.url("/"));
            assertEquals(0, plain.exitCode(), plain.err());
            assertEquals(List.of(own.url("/packed.css") + ",1,200,2,text/css,,"), plain.lines().stream()
                    .map(l -> l.replace("\"", "")).filter(l -> l.contains("/packed.css"))
                    .map(l -> l.replaceAll(",[^,]*$", ",")).toList(),
                    "without a check a stylesheet's body is not read: " + plain.out());
            own.allHits().clear();
            Cli.Run run = Cli.run("-q", "--broken", "--check-fragments", own.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(Map.of(own.url("/gone.png"), "404", own.url("/fonts/missing.woff"), "404",
                    own.url("/img/lost.gif"), "404", own.url("/packed.css"), "bad-encoding"), run.entries(),
                    run.out());
            List<String> lines = run.lines();
            assertEquals("    linked from " + own.url("/print.css"),
                    lines.get(lines.indexOf("404 " + own.url("/gone.png")) + 1));
            assertEquals("    linked from " + own.url("/more.css"),
                    lines.get(lines.indexOf("404 " + own.url("/fonts/missing.woff")) + 1));
            // The stylesheet is the crawl's page /old.css (its name in the counts too), served at /new.css.
            assertEquals("    linked from " + own.url("/old.css"),
                    lines.get(lines.indexOf("404 " + own.url("/img/lost.gif")) + 1));
            for (String path : List.of("/print.css", "/more.css", "/new.css", "/ok.png", "/gone.png")) {
                assertEquals(1, own.hits(path), path + ": " + own.allHits());
            }
        }
    }

    /**
     * A stylesheet of the site linked with {@code <a href>} that redirects to another site (a CDN): the crawl gets the
     * redirect, the check reads the stylesheet where it led, and what it loads is listed as linked from the site's
     * URL, one level deeper than it.
     */
    @Test
    void aStylesheetRedirectedToAnotherSiteIsListedUnderTheSitesUrl() throws Exception {
        try (TestServer own = new TestServer(); TestServer cdn = new TestServer()) {
            own.page("/", "<a href='/page.html'>page</a>");
            own.page("/page.html", "<a href='/theme.css'>theme</a>");
            own.redirect("/theme.css", 301, cdn.url("/v2/theme.css"));
            cdn.route("/v2/theme.css", ex -> TestServer.respond(ex, 200, "text/css",
                    "body { background: url(missing.png) }"));
            cdn.fallback(ex -> TestServer.respond(ex, 404, "text/plain", "no"));
            Cli.Run text = Cli.run("-q", "-d", "5", "--broken", own.url("/"));
            assertEquals(0, text.exitCode(), text.err());
            assertEquals(List.of("404 " + cdn.url("/v2/missing.png"), "    linked from " + own.url("/theme.css")),
                    text.lines());
            assertEquals(1, own.hits("/theme.css"));
            assertEquals(1, cdn.hits("/v2/theme.css"));
            Cli.Run csv = Cli.run("-q", "-d", "5", "--check", "--format", "csv", own.url("/"));
            assertEquals(0, csv.exitCode(), csv.err());
            // url,count,status,depth,...: /page.html is at depth 2, /theme.css at 3, what it loads at 4
            List<String[]> rows = csv.lines().stream().skip(1).map(l -> l.replace("\"", "").split(",")).toList();
            Map<String, String> depths = rows.stream().collect(Collectors.toMap(r -> r[0], r -> r[3]));
            assertEquals("3", depths.get(own.url("/theme.css")), csv.out());
            assertEquals("4", depths.get(cdn.url("/v2/missing.png")), csv.out());
        }
    }

    /**
     * Stylesheet URLs that redirect to one stylesheet, one through another ({@code /c.css} to {@code /a.css} to
     * {@code /s.css}): it is requested once, and what it loads is listed as linked from each URL, whichever came
     * first or whether they came at once; also when the crawl fetched the stylesheet itself (linked with
     * {@code <a href>}), then under its own URL too. Before, only the URL whose check read the stylesheet was named,
     * and the others' imports were not read at all.
     */
    @Test
    void stylesheetUrlsRedirectedToOneAllListWhatItLoads() throws Exception {
        for (boolean crawled : new boolean[] {false, true}) {
            try (TestServer own = new TestServer()) {
                own.page("/", "<link rel=stylesheet href='/a.css'><link rel=stylesheet href='/b.css'>"
                        + "<link rel=stylesheet href='/c.css'>" + (crawled ? "<a href='/s.css'>s</a>" : ""));
                own.redirect("/a.css", 302, "/s.css");
                own.redirect("/b.css", 302, "/s.css");
                own.redirect("/c.css", 302, "/a.css");
                own.route("/s.css", ex -> TestServer.respond(ex, 200, "text/css", "p { background: url(gone.png) }"));
                own.fallback(ex -> TestServer.respond(ex, 404, "text/plain", "no"));
                List<String> expected = new ArrayList<>(List.of("404 " + own.url("/gone.png"),
                        "    linked from " + own.url("/a.css"), "    linked from " + own.url("/b.css"),
                        "    linked from " + own.url("/c.css")));
                if (crawled) {
                    expected.add("    linked from " + own.url("/s.css"));
                }
                for (int run = 0; run < 3; run++) {
                    own.allHits().clear();
                    Cli.Run text = Cli.run("-q", "--broken", own.url("/"));
                    assertEquals(0, text.exitCode(), text.err());
                    assertEquals(expected, text.lines(), "crawled: " + crawled);
                    assertEquals(1, own.hits("/s.css"), own.allHits().toString());
                    assertEquals(1, own.hits("/gone.png"), own.allHits().toString());
                }
            }
        }
    }

    /**
     * A redirect chain whose middle URL is linked too ({@code /z} to {@code /b} to {@code /t}): the crawl may list the
     * page under {@code /b}, the URL the chain passed through; what the page loads is checked whichever name it is
     * listed under. Before, with one worker, the page's broken image went unchecked.
     */
    @Test
    void aPageListedUnderAUrlItsRedirectChainPassedThroughHasItsResourcesChecked() throws Exception {
        try (TestServer own = new TestServer()) {
            own.page("/", "<a href='/z'>z</a><a href='/b'>b</a>");
            own.redirect("/z", 301, "/b");
            own.redirect("/b", 302, "/t");
            own.page("/t", "<img src='/t-missing.png'>");
            own.fallback(ex -> TestServer.respond(ex, 404, "text/plain", "no"));
            for (String workers : List.of("1", "8")) {
                Cli.Run run = Cli.run("-q", "-w", workers, "--broken", "--fail-on-broken", own.url("/"));
                assertEquals(3, run.exitCode(), "-w " + workers + ": " + run.out() + run.err());
                assertEquals(Map.of(own.url("/t-missing.png"), "404"), run.entries(), "-w " + workers);
            }
        }
    }

    /**
     * Pages reached as a reader reaches them, other than by an {@code <a href>}: a frameset's frames, an iframe, an
     * image map's areas, a refresh. With a check the crawl follows them too, so the broken links on those pages are
     * found; without one it follows {@code <a href>} alone, as the tutorial's program does.
     */
    @Test
    void aCheckFollowsFramesImageMapsAndRefreshesToThePagesTheyShow() throws Exception {
        try (TestServer own = new TestServer()) {
            own.page("/", "<a href='/frames.html'>frames</a><a href='/map.html'>map</a>"
                    + "<iframe src='/embedded.html'></iframe>");
            own.page("/frames.html", "<frameset cols='50%,50%'><frame src='/left.html'><frame src='/right.html'>"
                    + "</frameset>");
            own.page("/left.html", "<a href='/from-frame-missing.html'>x</a>");
            own.page("/right.html", "<meta http-equiv=refresh content='0; url=/moved.html'>");
            own.page("/moved.html", "<a href='/from-refresh-missing.html'>x</a>");
            own.route("/map.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[8]));
            own.page("/map.html", "<img src='/map.png' usemap='#m'><map name='m'><area href='/area.html'></map>");
            own.page("/area.html", "<a href='/from-area-missing.html'>x</a>");
            own.page("/embedded.html", "<a href='/from-iframe-missing.html'>x</a>");
            Cli.Run run = Cli.run("-q", "--broken", "-d", "10", own.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(new TreeSet<>(List.of(own.url("/from-frame-missing.html"), own.url("/from-refresh-missing.html"),
                    own.url("/from-area-missing.html"), own.url("/from-iframe-missing.html"))),
                    run.entries().keySet(), run.out());
            own.allHits().clear();
            Cli.Run plain = Cli.run("-q", "-d", "10", own.url("/"));
            assertEquals(List.of("  1 " + own.url("/"), "  1 " + own.url("/frames.html"), "  1 " + own.url("/map.html")),
                    plain.lines(), "without a check, <a href> alone");
        }
    }

    @Test
    void linksThatAreNoUrlAreBrokenBackslashesAreSlashesAndAFragmentPastMaxBodyIsNotMissing() {
        Cli.Run[] run = new Cli.Run[1];
        Map<String, Integer> requests = requestsDuring(() -> run[0] = Cli.run("-q", "--broken", "--check-fragments",
                "--fail-on-broken", "--max-body", "64k", rough.url("/")));
        assertEquals(3, run[0].exitCode(), run[0].err());
        // Written by hand from the page above: each link that no browser could follow, as written, and nothing else.
        assertEquals(Map.of("https://", "bad-url", "http://127.0.0.1:80a/", "bad-url", "http://[::1/", "bad-url",
                "http://bad host/logo.png", "bad-url"), run[0].entries(), run[0].out());
        for (String line : run[0].lines()) {
            if (line.startsWith(" ")) {
                assertEquals("    linked from " + rough.url("/"), line);
            }
        }
        assertEquals(1, requests.get("rough GET /docs/page.html"), requests.toString());
        assertEquals(1, requests.get("rough GET /img/logo.png"), requests.toString());
        assertEquals(1, requests.get("rough GET /long.html"), requests.toString());
    }

    /**
     * A fragment link through a redirect to a page the crawl had read already: the redirect's URL shares that page,
     * read under the target's name, and its fragments are checked against that page's ids at every depth. (Before,
     * the check found no ids under the redirect's name and passed the link over once the crawl fetched the redirect.)
     */
    @Test
    void aMissingFragmentBehindARedirectToAPageReadBeforeIsBrokenAtEveryDepth() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/t#there'>t</a><a href='/redir#there'>ok</a><a href='/redir#nope'>bad</a>");
            server.page("/t", "<div id='there'></div>");
            server.route("/redir", ex -> {
                ex.getResponseHeaders().set("Location", "/t");
                TestServer.respond(ex, 301, "text/html", "");
            });
            for (String depth : List.of("1", "2", "3")) {
                // one worker: /t is read before /redir, which then leads to a page the crawl has
                Cli.Run run = Cli.run("-q", "-w", "1", "-d", depth, "--broken", "--check-fragments", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(Map.of(server.url("/redir#nope"), "fragment"), run.entries(), "-d " + depth + ": "
                        + run.out());
            }
        }
    }

    /**
     * A page reached both directly and through a redirect: the broken links on it are linked from the page as it was
     * served, not from the redirect's URL (the graph names the page by its shallowest name, here the redirect's,
     * which sorts first), whichever of the two the crawl read first.
     */
    @Test
    void aBrokenLinkIsLinkedFromThePageAsServedNotFromARedirectToIt() throws Exception {
        for (String first : List.of("/new.html", "/archive")) {
            try (TestServer server = new TestServer()) {
                String second = first.equals("/archive") ? "/new.html" : "/archive";
                server.page("/", "<a href='" + first + "'>1</a><a href='" + second + "'>2</a>");
                server.redirect("/archive", 301, "/new.html");
                server.page("/new.html", "<a href='/missing.html'>gone</a>");
                // one worker: the links of "/" are read in their order
                Cli.Run run = Cli.run("-q", "-w", "1", "-d", "5", "--broken", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(List.of("404 " + server.url("/missing.html"),
                        "    linked from " + server.url("/new.html")), run.lines(), first + " first");
                Cli.Run csv = Cli.run("-q", "-w", "1", "-d", "5", "--check", "--unique", "--format", "csv",
                        server.url("/"));
                assertTrue(csv.out().contains("\"" + server.url("/missing.html") + "\",1,404,3,text/html,,\""
                        + server.url("/new.html") + "\""), first + " first: " + csv.out());
            }
        }
    }

    /**
     * A link of the site that robots.txt keeps the crawl from, or a redirect into such a path, is checked as any link
     * the crawl does not fetch, at every depth (before, it was checked past --max-depth only: a deeper crawl hid
     * broken links).
     */
    @Test
    void aLinkRobotsKeepsTheCrawlFromIsCheckedAtEveryDepth() throws Exception {
        try (TestServer server = new TestServer()) {
            server.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain",
                    "User-agent: *\nDisallow: /private/\n"));
            server.page("/", "<a href='/private/gone.html'>gone</a><a href='/to-private'>moved</a>"
                    + "<a href='/private/here.html'>here</a>");
            server.redirect("/to-private", 301, "/private/missing.html");
            server.page("/private/here.html", "<p>fine</p>");
            for (String depth : List.of("1", "2", "5")) {
                Cli.Run run = Cli.run("-q", "-d", depth, "--broken", "--fail-on-broken", server.url("/"));
                assertEquals(3, run.exitCode(), "-d " + depth + ": " + run.err());
                assertEquals(Map.of(server.url("/private/gone.html"), "404", server.url("/to-private"), "404"),
                        run.entries(), "-d " + depth + ": " + run.out());
            }
        }
    }

    @Test
    void reportsNameTheFlawOfABrokenResponseWhoseStatusLooksFine() {
        String bad = rough.url("/flawed/bad.gz.html");
        Cli.Run markdown = Cli.run("-q", "--format", "markdown", rough.url("/flawed/"));
        assertEquals(0, markdown.exitCode(), markdown.err());
        assertTrue(markdown.out().contains("| bad-encoding | <" + bad + "> |"), markdown.out());
        Cli.Run junit = Cli.run("-q", "--format", "junit", rough.url("/flawed/"));
        assertTrue(junit.out().contains("<failure message=\"bad-encoding\""), junit.out());
        Cli.Run text = Cli.run("-q", "--broken", rough.url("/flawed/"));
        assertEquals(Map.of(bad, "bad-encoding"), text.entries(), text.out());
    }

    @Test
    void withoutFailOnBrokenTheExitCodeIsZeroAndAcceptedStatusesAreFine() {
        Cli.Run run = Cli.run("-q", "--broken", "--accept", "404", site.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Set.of("http://127.0.0.1:" + closedPort + "/x", other.url("/loop-a"), other.url("/loop-b")),
                run.entries().keySet(), "no response is broken whatever --accept says: " + run.out());
        Cli.Run range = Cli.run("-q", "--fail-on-broken", "--broken", "--accept", "400-499,500", site.url("/"));
        assertEquals(3, range.exitCode(), "a refused connection and a loop are still broken");
    }

    @Test
    void theDefaultJobRequestsNothingElsewhereAndListsNoResource() {
        Cli.Run[] run = new Cli.Run[1];
        Map<String, Integer> requests = requestsDuring(() -> run[0] = Cli.run("-q", site.url("/")));
        assertEquals(0, run[0].exitCode(), run[0].err());
        assertTrue(requests.keySet().stream().allMatch(k -> k.startsWith("site ")), requests.toString());
        assertFalse(requests.containsKey("site GET /img/ok.png"), requests.toString());
        Set<String> urls = new TreeSet<>();
        for (String line : run[0].lines()) {
            urls.add(line.strip().split(" ", 2)[1]);
        }
        assertTrue(urls.contains(site.url("/page2")) && urls.contains(other.url("/gone")), run[0].out());
        assertTrue(urls.stream().noneMatch(u -> u.contains("/img/") || u.contains("/css/") || u.contains("/js/")
                || u.contains("#") || u.startsWith(hinted.url(""))), "no resource or fragment rows: " + urls);
    }

    @Test
    void junitReportIsReadBySurefiresParser() throws Exception {
        Cli.Run run = Cli.run("-q", "--check-fragments", "--format", "junit", site.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(new InputStreamReader(
                new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        List<ReportTestCase> cases = suites.stream().flatMap(suite -> suite.getTestCases().stream()).toList();
        Set<String> failed = cases.stream().filter(ReportTestCase::hasFailure).map(ReportTestCase::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(expectedBroken()), failed);
        assertEquals(expectedBroken().size(), suites.stream().mapToInt(ReportTestSuite::getNumberOfFailures).sum());
        ReportTestCase missing = cases.stream().filter(c -> c.getName().equals(site.url("/img/missing.png")))
                .findFirst().orElseThrow();
        assertEquals("404", missing.getFailureMessage());
        assertTrue(missing.getFailureDetail().contains("linked from " + site.url("/")), missing.getFailureDetail());
        assertTrue(cases.stream().anyMatch(c -> c.getName().equals(site.url("/img/ok.png")) && c.isSuccessful()),
                "a fine resource is a passing test case");
        assertTrue(cases.stream().noneMatch(c -> c.getName().startsWith(hinted.url(""))), "hints are not links");
    }

    @Test
    void markdownReportRendersAsATableOfTheBrokenLinks() {
        Cli.Run run = Cli.run("-q", "--check-fragments", "--format", "markdown", site.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        Node doc = Parser.builder().extensions(List.of(TablesExtension.create())).build().parse(run.out());
        List<List<List<String>>> tables = new ArrayList<>(); // table -> row -> cell's link destinations or text
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock) {
                    tables.add(new ArrayList<>());
                }
                visitChildren(block);
            }

            @Override
            public void visit(CustomNode node) {
                if (node instanceof TableRow) {
                    tables.getLast().add(new ArrayList<>());
                } else if (node instanceof TableCell cell) {
                    tables.getLast().getLast().add(cellText(cell));
                    return;
                }
                visitChildren(node);
            }
        });
        assertEquals(2, tables.size(), run.out());
        List<List<String>> broken = tables.get(1);
        assertEquals(List.of("status", "URL", "linked from"), broken.get(0));
        Set<String> urls = broken.subList(1, broken.size()).stream().map(r -> r.get(1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(expectedBroken()), urls, run.out());
        assertEquals(List.of("URLs", "broken"), tables.get(0).get(0)); // not "checked", a word the JSON uses otherwise
        assertEquals(String.valueOf(expectedBroken().size()), tables.get(0).get(1).get(1));
        List<String> gone = broken.stream().filter(r -> r.get(1).equals(other.url("/gone"))).findFirst().orElseThrow();
        assertEquals(List.of("404", other.url("/gone"), site.url("/")), gone);
    }

    /** A cell's link destinations joined by spaces, or its text when it has no link. */
    private static String cellText(Node cell) {
        List<String> links = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        cell.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(link.getDestination());
            }

            @Override
            public void visit(org.commonmark.node.Text t) {
                text.append(t.getLiteral());
            }
        });
        return links.isEmpty() ? text.toString() : String.join(" ", links);
    }
}
