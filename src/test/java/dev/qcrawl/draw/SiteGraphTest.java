package dev.qcrawl.draw;

import static dev.qcrawl.testing.Visits.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.crawl.Visit;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph the pictures draw, read from a crawl's discovery. */
class SiteGraphTest {
    private static final String START = "http://h.test/";
    private static final int OTHERS = 3000;

    private static String other(int i) {
        return String.format("http://h.test/p%04d", i);
    }


    /**
     * A page stored under two names (a redirect and its target) has its links once, under the name first in URL
     * order, however many pages come between its two names.
     */
    @Test
    void aPageUnderTwoNamesFarApartHasItsLinksOnce() {
        List<String> fromStart = new ArrayList<>(List.of("http://h.test/a", "http://h.test/z"));
        Map<String, Integer> depths = new LinkedHashMap<>();
        Map<String, Visit> visits = new LinkedHashMap<>();
        depths.put(START, 0);
        for (int i = 0; i < OTHERS; i++) {
            fromStart.add(other(i));
            depths.put(other(i), 1);
            visits.put(other(i), page());
        }
        Visit redirected = page(START, other(1));
        depths.put("http://h.test/a", 1);
        depths.put("http://h.test/z", 1);
        visits.put("http://h.test/a", redirected);
        visits.put("http://h.test/z", redirected);
        visits.put(START, page(fromStart.toArray(String[]::new)));
        Discovery found = new Discovery(START, START, 5, depths, visits, Set.of(), OTHERS + 3, 0, Duration.ZERO,
                null);
        List<UrlStats> rows = new ArrayList<>();
        for (String url : depths.keySet()) {
            rows.add(new UrlStats(url, BigInteger.ONE, 200, depths.get(url), "text/html", null, null, null));
        }
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            row.put(rows.get(i).url(), i);
        }
        Set<SiteGraph.Edge> expected = new HashSet<>();
        for (String url : fromStart) {
            expected.add(new SiteGraph.Edge(row.get(START), row.get(url), 1));
        }
        int a = row.get("http://h.test/a");
        List<SiteGraph.Edge> redirectedLinks = List.of(new SiteGraph.Edge(a, row.get(START), 1),
                new SiteGraph.Edge(a, row.get(other(1)), 1)); // in the page's order
        expected.addAll(redirectedLinks);

        List<SiteGraph.Edge> edges = SiteGraph.of(found, rows).edges();

        assertEquals(expected.size(), edges.size(), "each link once");
        int start = row.get(START);
        assertEquals(redirectedLinks, edges.stream().filter(e -> e.from() != start).toList(),
                "the redirected page's links, once");
        assertEquals(expected, new HashSet<>(edges));
        for (int e = 1; e < edges.size(); e++) {
            assertTrue(edges.get(e - 1).from() <= edges.get(e).from(), "grouped by the node they are from");
        }
    }
}
