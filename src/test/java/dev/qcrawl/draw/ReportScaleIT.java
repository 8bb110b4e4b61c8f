package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Chromium;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.junit.jupiter.api.Assumptions;

/**
 * The report of a crawl of 20,000 pages renders in headless Chromium, drawing the shallowest part of the site
 * (whole depths first) and saying what it leaves out. How fast it opens is measured by {@code bench/report}, not
 * here (see docs/reports.md).
 */
class ReportScaleIT {
    private static final int PAGES = 20_500; // of which a random graph reaches a little over 20,000
    private static final int DEPTH = 20;
    /** The documented number of pages the report draws at most. */
    private static final int DRAWN = 1500;

    @Test
    void aReportOf20000PagesDrawsTheShallowest1500AndSaysSo() throws Exception {
        Assumptions.assumeTrue(Chromium.installed(), "Debian's chromium and chromium-driver are not installed");
        LinkGraph site = LinkGraph.random(11, PAGES, 8);
        Path report = Path.of("target", "report-it", "report-20000.html").toAbsolutePath();
        Files.createDirectories(report.getParent());
        try (TestServer server = new TestServer()) {
            site.serveOn(server);
            Cli.Run run = Cli.run("-q", "--unique", "-d", String.valueOf(DEPTH), "--format", "html", "-o",
                    report.toString(), server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
        }
        int listed = site.uniqueCounts(DEPTH).size();
        assertTrue(listed >= 20_000, "the crawl lists 20,000 URLs or more: " + listed);
        // URLs per depth, by breadth-first distance
        Map<Integer, Integer> perDepth = new TreeMap<>();
        Map<String, Integer> distances = site.distances();
        site.uniqueCounts(DEPTH).keySet().forEach(p -> perDepth.merge(distances.get(p) + 1, 1, Integer::sum));

        try (Chromium chromium = new Chromium(1400, 1000)) {
            chromium.openAndWait(report.toUri().toString());
            assertEquals(List.of(), chromium.consoleErrors());
            assertEquals((long) DRAWN, chromium.script("return qcrawlReport.cy.nodes('.page').length;"));
            @SuppressWarnings("unchecked")
            List<Object> depths = (List<Object>) chromium.script(
                    "var d = JSON.parse(document.getElementById('qcrawl-data').textContent).depth;"
                            + "return qcrawlReport.cy.nodes('.page').map(function (n) { return d[n.data('idx')]; });");
            Map<Integer, Integer> drawnPerDepth = new TreeMap<>();
            depths.forEach(d -> drawnPerDepth.merge(((Number) d).intValue(), 1, Integer::sum));
            // whole depths from the start URL outwards, then part of the next one
            int left = DRAWN;
            StringBuilder expectedNote = new StringBuilder("The drawing shows the " + DRAWN + " shallowest of "
                    + listed + " URLs");
            for (var level : perDepth.entrySet()) {
                int drawn = Math.min(left, level.getValue());
                assertEquals(drawn, drawnPerDepth.getOrDefault(level.getKey(), 0), "depth " + level.getKey());
                left -= drawn;
            }
            String note = chromium.driver().findElement(By.id("drawn-note")).getText();
            assertTrue(note.startsWith(expectedNote.toString()), note);
            assertTrue(note.contains("The " + (listed - DRAWN) + " left out are in the search"), note);
            Files.write(report.resolveSibling("report-20000.png"),
                    chromium.driver().getScreenshotAs(OutputType.BYTES));
        }
    }
}
