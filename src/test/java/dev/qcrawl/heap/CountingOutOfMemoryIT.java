package dev.qcrawl.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.cli.ExitCodes;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.TestServer;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Memory that runs out after the crawl, while counting, ends as running out during the crawl does: exit
 * {@link ExitCodes#OUT_OF_MEMORY}, one {@code qcrawl:} line, no stack trace. The site is small to crawl but costly to
 * count in walk mode: {@link #PAGES} pages that all link to each other (so the walks to each grow as
 * {@code PAGES^depth} and outgrow a {@code long} from depth 12), each page with {@link #AWAY} links of its own to
 * another host (out of scope: stored, not fetched). At depth {@link #DEPTH} each of those URLs counts more walks than
 * a {@code long} holds, so counting needs a {@code BigInteger} for each of them, several times the memory of the
 * graph. With {@code -Xmx80m} the crawl fits and the counting does not (measured 2026-12-05: the crawl itself
 * completed in every run from 40 MiB and stopped in some at 24-36 MiB, the counting fits from 108 MiB and not at 104;
 * at 64 MiB the heap watch once stopped the crawl itself in a CI run); with
 * room, the same crawl prints every count, as computed here.
 */
class CountingOutOfMemoryIT {
    private static final int PAGES = 40;
    private static final int AWAY = 5_000;
    private static final int DEPTH = 16;
    private static final String ELSEWHERE = "http://127.0.0.2:9/";
    /** Between what the crawl needs and what the counting needs, with room on both sides. */
    private static final int SMALL_HEAP_MB = 80;
    private static TestServer server;

    @BeforeAll
    static void serveDenselyLinkedPages() throws Exception {
        server = new TestServer();
        for (int i = 0; i < PAGES; i++) {
            StringBuilder html = new StringBuilder("<!DOCTYPE html><title>").append(i).append("</title>\n");
            for (int j = 0; j < PAGES; j++) {
                html.append("<a href=\"").append(path(j)).append("\">").append(j).append("</a>\n");
            }
            for (int k = 0; k < AWAY; k++) {
                html.append("<a href=\"").append(away(i, k)).append("\">x</a>\n");
            }
            server.page(path(i), html.toString());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String path(int page) {
        return page == 0 ? "/" : "/p" + page + ".html";
    }

    private static String away(int page, int k) {
        return ELSEWHERE + page + "/" + k;
    }

    @Test
    void runningOutWhileCountingExitsFiveWithOneLineAndNoTrace() throws Exception {
        Cli.Run run = Jar.run(List.of("-Xmx" + SMALL_HEAP_MB + "m"), "-d", String.valueOf(DEPTH), "-q", "-w", "2",
                server.url("/"));

        assertEquals(ExitCodes.OUT_OF_MEMORY, run.exitCode(), run.err());
        List<String> errLines = run.err().lines().toList();
        assertEquals(1, errLines.size(), run.err());
        assertTrue(errLines.get(0).startsWith("qcrawl: memory ran out (Java heap limit "), run.err());
        assertTrue(errLines.get(0).contains("before the counts were all written"), run.err());
        assertTrue(errLines.get(0).contains("-Xmx") && errLines.get(0).contains("--max-pages")
                && errLines.get(0).contains("--frontier"), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        // The crawl itself completed (every page fetched once); the counts are computed before any row is
        // written, so none is.
        for (int i = 0; i < PAGES; i++) {
            assertEquals(1, server.hits(path(i)), path(i));
        }
        assertEquals("", run.out());
    }

    @Test
    void withRoomTheSameCrawlPrintsEveryCount() throws Exception {
        Map<String, BigInteger> expected = walkCounts();
        assertTrue(expected.get(away(0, 0)).bitLength() > 63, "the counts outgrow a long");

        Cli.Run run = Jar.run(List.of("-Xmx512m"), "-d", String.valueOf(DEPTH), "-q", "-w", "2", server.url("/"));

        assertEquals(0, run.exitCode(), run.err());
        Map<String, BigInteger> printed = new HashMap<>();
        String origin = server.url("/");
        origin = origin.substring(0, origin.length() - 1);
        for (String line : run.lines()) {
            String[] parts = line.strip().split(" ");
            assertEquals(2, parts.length, line);
            String url = parts[1].startsWith(origin) ? parts[1].substring(origin.length()) : parts[1];
            assertEquals(null, printed.put(url, new BigInteger(parts[0])), "printed twice: " + line);
        }
        assertEquals(expected, printed);
    }

    /**
     * The walk counts, by dynamic programming over the walks' lengths: level 1 is the start page; a page at level
     * t (t at most the depth) passes its count to each page it links to at level t + 1, and to each of its URLs
     * elsewhere; a URL's count is the sum over the levels.
     */
    private static Map<String, BigInteger> walkCounts() {
        BigInteger[] level = new BigInteger[PAGES];
        BigInteger[] pageTotal = new BigInteger[PAGES];
        BigInteger[] awayTotal = new BigInteger[PAGES];
        for (int i = 0; i < PAGES; i++) {
            level[i] = i == 0 ? BigInteger.ONE : BigInteger.ZERO;
            pageTotal[i] = level[i];
            awayTotal[i] = BigInteger.ZERO;
        }
        for (int t = 1; t <= DEPTH; t++) {
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < PAGES; i++) {
                sum = sum.add(level[i]);
                awayTotal[i] = awayTotal[i].add(level[i]);
            }
            for (int i = 0; i < PAGES; i++) {
                level[i] = sum; // every page links to every page once
                pageTotal[i] = pageTotal[i].add(sum);
            }
        }
        Map<String, BigInteger> counts = new HashMap<>();
        for (int i = 0; i < PAGES; i++) {
            counts.put(path(i), pageTotal[i]);
            for (int k = 0; k < AWAY; k++) {
                counts.put(away(i, k), awayTotal[i]);
            }
        }
        return counts;
    }
}
