package dev.qcrawl.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.cli.ExitCodes;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.TestServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A crawl that outgrows its heap stops by itself, as on Ctrl-C: the jar run with a small {@code -Xmx} on a site
 * that never ends (a tree: page n links to pages 12n+1 ... 12n+12, each by a long URL) exits with
 * {@link ExitCodes#OUT_OF_MEMORY}, says so in one {@code qcrawl:} line and no stack trace, and prints the counts
 * of what it found: the links of whole pages, each of them fetched.
 */
class HeapLimitIT {
    private static final int FANOUT = 12;
    private static final int WORKERS = 4;
    private static final String PAD = "x".repeat(160);
    private static final Pattern PAGE = Pattern.compile("/n/(\\d+)/" + PAD);
    private static TestServer server;

    @BeforeAll
    static void serveAnEndlessTree() throws Exception {
        server = new TestServer().fallback(exchange -> {
            Matcher m = PAGE.matcher(exchange.getRequestURI().getRawPath());
            if (!m.matches()) {
                TestServer.respond(exchange, 404, "text/plain", "no");
                return;
            }
            long n = Long.parseLong(m.group(1));
            StringBuilder html = new StringBuilder("<!DOCTYPE html><title>").append(n).append("</title><ul>");
            for (long child = FANOUT * n + 1; child <= FANOUT * n + FANOUT; child++) {
                html.append("<li><a href=\"").append(path(child)).append("\">").append(child).append("</a>");
            }
            TestServer.respond(exchange, 200, "text/html; charset=utf-8", html.append("</ul>").toString());
        });
    }

    /** Each test counts its own requests (the server is the class's). */
    @org.junit.jupiter.api.BeforeEach
    void forgetEarlierRequests() {
        server.allHits().clear();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String path(long n) {
        return "/n/" + n + "/" + PAD;
    }

    private static long pageOf(String url) {
        Matcher m = PAGE.matcher(url.substring(url.indexOf("/n/")));
        assertTrue(m.matches(), url);
        return Long.parseLong(m.group(1));
    }

    @Test
    void outgrowingTheHeapStopsWithTheCountsSoFar() throws Exception {
        Cli.Run run = Jar.run(List.of("-Xmx24m"), "--unique", "-d", "1000000", "-q", "-w", String.valueOf(WORKERS),
                server.url(path(0)));

        assertEquals(ExitCodes.OUT_OF_MEMORY, run.exitCode(), run.err());
        List<String> errLines = run.err().lines().toList();
        assertEquals(1, errLines.size(), run.err());
        assertTrue(errLines.get(0).startsWith("qcrawl: memory ran out after "), run.err());
        assertTrue(errLines.get(0).contains("-Xmx") && errLines.get(0).contains("--max-pages")
                && errLines.get(0).contains("--frontier"), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("Error"), run.err());

        Set<Long> expanded = assertEveryPrintedPageWhole(run);
        for (long page : expanded) {
            assertEquals(1, server.hits(path(page)), "page " + page + " fetched once");
        }
        // The pages fetched but not counted: those in flight when the crawl stopped, one per worker at most.
        long requested = server.allHits().keySet().stream().filter(p -> PAGE.matcher(p).matches()).count();
        assertTrue(requested - expanded.size() <= WORKERS, requested + " requested, " + expanded.size() + " counted");
    }

    /**
     * The drawing of the whole crawl needs far more memory than its counts: when it runs out too, the counts are
     * printed as text, and the report's file is not written (no half file).
     */
    @Test
    void aReportThatDoesNotFitLeavesTheCountsAsText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path report = dir.resolve("report.html");
        Cli.Run run = Jar.run(List.of("-Xmx24m"), "--unique", "-d", "1000000", "-q", "-w", String.valueOf(WORKERS),
                "--format", "html", "-o", report.toString(), server.url(path(0)));

        assertEquals(ExitCodes.OUT_OF_MEMORY, run.exitCode(), run.err());
        List<String> errLines = run.err().lines().toList();
        assertEquals(1, errLines.size(), run.err());
        assertTrue(errLines.get(0).startsWith("qcrawl: memory ran out after ")
                && errLines.get(0).contains("and again writing the html output to " + report), run.err());
        assertFalse(java.nio.file.Files.exists(report), "no half report");
        assertEveryPrintedPageWhole(run);
    }

    /** A link check that does not fit prints what the crawl found: its counts are whole. */
    @Test
    void aLinkCheckThatDoesNotFitLeavesTheCrawlsCounts() throws Exception {
        Cli.Run run = Jar.run(List.of("-Xmx24m"), "--unique", "-d", "1000000", "-q", "-w", String.valueOf(WORKERS),
                "--check", server.url(path(0)));

        assertEquals(ExitCodes.OUT_OF_MEMORY, run.exitCode(), run.err());
        List<String> errLines = run.err().lines().toList();
        assertEquals(1, errLines.size(), run.err());
        assertTrue(errLines.get(0).startsWith("qcrawl: memory ran out after ")
                && errLines.get(0).contains("and again checking the links"), run.err());
        assertEveryPrintedPageWhole(run);
    }

    /**
     * Every URL printed once with count 1 (a tree), the start URL among them; the pages whose links were counted are
     * the printed URLs' parents, and each such page's links are all there. Returns those pages.
     */
    private static Set<Long> assertEveryPrintedPageWhole(Cli.Run run) {
        Set<Long> printed = new HashSet<>();
        for (String line : run.lines()) {
            String[] parts = line.strip().split(" ");
            assertEquals(2, parts.length, line);
            assertEquals("1", parts[0], line);
            assertTrue(printed.add(pageOf(parts[1])), "printed twice: " + line);
        }
        assertTrue(printed.contains(0L), "the start URL is printed");
        Set<Long> expanded = new HashSet<>();
        for (long n : printed) {
            if (n != 0) {
                expanded.add((n - 1) / FANOUT);
            }
        }
        assertTrue(expanded.size() > 100, "the crawl got going before memory ran out: " + expanded.size());
        for (long page : expanded) {
            for (long child = FANOUT * page + 1; child <= FANOUT * page + FANOUT; child++) {
                assertTrue(printed.contains(child), "page " + page + "'s link to " + child + " is missing");
            }
        }
        return expanded;
    }
}
