package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Chromium;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The HTML report of a crawl of a few hundred generated pages, two of them broken (a 404 and a 500), opened in
 * Debian's headless Chromium: it loads nothing but itself, logs no error, draws one node per URL and one edge
 * per link, lists the broken links with the pages that link to them, and shows a page's details on a click.
 * The expectations come from the generated graph ({@link LinkGraph}), not from the report's code.
 */
class ReportBrowserIT {
    private static final int DEPTH = 5;
    private static final LinkGraph SITE = LinkGraph.random(4, 300, 8);
    private static final Path OUT = Path.of("target", "report-it");
    private static TestServer server;
    private static Chromium chromium;
    private static Path report;

    @BeforeAll
    static void crawlAndOpenABrowser() throws Exception {
        Assumptions.assumeTrue(Chromium.installed(), "Debian's chromium and chromium-driver are not installed");
        server = new TestServer();
        SITE.serveOn(server);
        Files.createDirectories(OUT);
        report = OUT.resolve("report.html").toAbsolutePath();
        Cli.Run run = Cli.run("-q", "--unique", "-d", String.valueOf(DEPTH), "--format", "html", "-o",
                report.toString(), server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        chromium = new Chromium(1400, 1000);
    }

    @AfterAll
    static void close() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String fileUrl() {
        return report.toUri().toString();
    }

    private static Set<String> expectedUrls() {
        Set<String> urls = new TreeSet<>();
        SITE.uniqueCounts(DEPTH).keySet().forEach(path -> urls.add(server.url(path)));
        return urls;
    }

    /** The pages that link to a path, as URLs, sorted. */
    private static List<String> linkingTo(String path) {
        List<String> from = new ArrayList<>();
        SITE.links(DEPTH).forEach((page, targets) -> {
            if (targets.containsKey(path)) {
                from.add(server.url(page));
            }
        });
        from.sort(null);
        return from;
    }

    @Test
    void opensWithoutAnErrorOrAnyRequestButItself() {
        chromium.openAndWait(fileUrl());
        assertEquals(List.of(), chromium.consoleErrors());
        List<String> requests = chromium.requests();
        assertEquals(Set.of(fileUrl()), new HashSet<>(requests.stream().filter(u -> !u.startsWith("data:")).toList()));
        assertEquals(0L, chromium.script("return performance.getEntriesByType('resource').length;"));
        assertEquals("qcrawl report: " + server.url("/"), chromium.driver().getTitle());
    }

    @Test
    void drawsOneNodePerUrlAndOneEdgePerLinkBetweenTwoPages() throws Exception {
        chromium.openAndWait(fileUrl());
        Set<String> drawn = new TreeSet<>();
        @SuppressWarnings("unchecked")
        List<Object> idx = (List<Object>) chromium.script(
                "return qcrawlReport.cy.nodes('.page').map(function (n) { return n.data('idx'); });");
        @SuppressWarnings("unchecked")
        List<Object> urls = (List<Object>) chromium.script(
                "var u = JSON.parse(document.getElementById('qcrawl-data').textContent).urls;"
                        + "return arguments[0].map(function (i) { return u[i]; });", idx);
        urls.forEach(u -> drawn.add((String) u));
        assertEquals(expectedUrls(), drawn);
        Set<String> links = new HashSet<>();
        SITE.links(DEPTH).forEach((from, targets) -> targets.keySet().forEach(to -> {
            if (!from.equals(to)) {
                links.add(from + " " + to);
            }
        }));
        assertEquals((long) links.size(), chromium.script("return qcrawlReport.cy.edges().length;"));
        // drawn on a canvas of the drawing's size
        assertTrue((Long) chromium.script("return document.querySelectorAll('#graph canvas').length;") > 0);
        Files.write(OUT.resolve("report.png"), chromium.driver().getScreenshotAs(OutputType.BYTES));
        assertEquals(List.of(), chromium.consoleErrors());
    }

    @Test
    void listsTheBrokenLinksWithThePagesLinkingToThemSortableAndFilterable() {
        Map<String, Integer> distances = SITE.distances();
        assertTrue(distances.get("/missing.html") <= DEPTH - 1 && distances.get("/error.html") <= DEPTH - 1,
                "the generated site links to both broken pages from pages within the depth, so both are fetched");
        chromium.openAndWait(fileUrl());
        Map<String, List<String>> listed = new TreeMap<>();
        Map<String, String> statuses = new TreeMap<>();
        for (WebElement row : chromium.driver().findElements(By.cssSelector("#broken tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            List<String> from = new ArrayList<>();
            for (WebElement li : cells.get(3).findElements(By.tagName("li"))) {
                from.add(li.getAttribute("textContent"));
            }
            listed.put(cells.get(0).getText(), from);
            statuses.put(cells.get(0).getText(), cells.get(1).getText());
        }
        assertEquals(Map.of(server.url("/error.html"), linkingTo("/error.html"), server.url("/missing.html"),
                linkingTo("/missing.html")), listed);
        assertEquals(Map.of(server.url("/error.html"), "500", server.url("/missing.html"), "404"), statuses);

        WebElement filter = chromium.driver().findElement(By.id("broken-filter"));
        filter.sendKeys("missing");
        List<String> visible = new ArrayList<>();
        for (WebElement row : chromium.driver().findElements(By.cssSelector("#broken tbody tr"))) {
            if (row.isDisplayed()) {
                visible.add(row.findElement(By.tagName("td")).getText());
            }
        }
        assertEquals(List.of(server.url("/missing.html")), visible);
        filter.clear();
        filter.sendKeys(" "); // an input event: the filter is empty again
        WebElement status = chromium.driver().findElement(By.cssSelector("#broken thead th:nth-child(2) button"));
        status.click();
        assertEquals(server.url("/missing.html"),
                chromium.driver().findElement(By.cssSelector("#broken tbody tr td")).getText(), "404 before 500");
        status.click();
        assertEquals(server.url("/error.html"),
                chromium.driver().findElement(By.cssSelector("#broken tbody tr td")).getText(), "500 before 404");
        assertEquals("descending", chromium.driver().findElement(By.cssSelector("#broken thead th:nth-child(2)"))
                .getAttribute("aria-sort"));
    }

    @Test
    void aClickOnANodeShowsItsUrlStatusDepthCountAndLinks() {
        String path = SITE.links(DEPTH).keySet().stream().filter(p -> !p.equals("/")).sorted().findFirst()
                .orElseThrow();
        String url = server.url(path);
        chromium.openAndWait(fileUrl());
        WebElement graph = chromium.driver().findElement(By.id("graph"));
        chromium.script("arguments[0].scrollIntoView(); var cy = qcrawlReport.cy;"
                + " var u = JSON.parse(document.getElementById('qcrawl-data').textContent).urls;"
                + " cy.zoom(3); cy.center(cy.getElementById('n' + u.indexOf(arguments[1])));", graph, url);
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) chromium.script(
                "var u = JSON.parse(document.getElementById('qcrawl-data').textContent).urls;"
                        + " var p = qcrawlReport.cy.getElementById('n' + u.indexOf(arguments[0])).renderedPosition();"
                        + " return {x: p.x, y: p.y, w: arguments[1].clientWidth, h: arguments[1].clientHeight};",
                url, graph);
        int dx = (int) Math.round(((Number) at.get("x")).doubleValue() - ((Number) at.get("w")).doubleValue() / 2);
        int dy = (int) Math.round(((Number) at.get("y")).doubleValue() - ((Number) at.get("h")).doubleValue() / 2);
        new Actions(chromium.driver()).moveToElement(graph, dx, dy).click().perform();

        WebElement details = chromium.driver().findElement(By.id("details"));
        assertEquals(url, details.findElement(By.tagName("h3")).getText());
        Map<String, String> facts = new TreeMap<>();
        List<WebElement> terms = details.findElements(By.tagName("dt"));
        List<WebElement> values = details.findElements(By.tagName("dd"));
        for (int i = 0; i < terms.size(); i++) {
            facts.put(terms.get(i).getText(), values.get(i).getText());
        }
        assertEquals("200", facts.get("Status"));
        assertEquals(String.valueOf(SITE.distances().get(path) + 1), facts.get("Depth"));
        assertEquals(SITE.uniqueCounts(DEPTH).get(path).toString(), facts.get("Count"));
        List<String> headings = details.findElements(By.tagName("h4")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Linked from (" + linkingTo(path).size() + ")",
                "Links to (" + SITE.links(DEPTH).get(path).size() + ")"), headings);
        List<String> from = details.findElements(By.cssSelector("ul")).get(0)
                .findElements(By.cssSelector(".node-link")).stream().map(WebElement::getText)
                .map(t -> t.replaceFirst(" \u00d7\\d+$", "")).sorted().toList();
        assertEquals(linkingTo(path), from);
        assertEquals(List.of(), chromium.consoleErrors());
    }

    @Test
    void searchFindsEveryUrlContainingTheTextAndShowsTheFirst() {
        chromium.openAndWait(fileUrl());
        List<String> expected = expectedUrls().stream().filter(u -> u.contains("p12")).sorted().toList();
        assertTrue(expected.size() > 1, "several URLs contain the text");
        WebElement search = chromium.driver().findElement(By.id("search"));
        search.sendKeys("P12\n"); // case does not matter; Enter searches at once and shows the first match
        assertEquals(expected.size() + " URLs match, " + expected.size() + " of them drawn",
                chromium.driver().findElement(By.id("search-count")).getText());
        List<String> results = chromium.driver().findElements(By.cssSelector("#search-results .node-link")).stream()
                .map(WebElement::getText).sorted().toList();
        assertEquals(expected, results);
        assertEquals((long) expected.size(), chromium.script("return qcrawlReport.cy.nodes('.match').length;"));
        String first = chromium.driver().findElement(By.cssSelector("#search-results .node-link")).getText();
        assertEquals(first, chromium.driver().findElement(By.cssSelector("#details h3")).getText());
        assertEquals(List.of(), chromium.consoleErrors());
    }
}
