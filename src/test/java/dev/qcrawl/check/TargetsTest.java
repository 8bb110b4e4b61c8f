package dev.qcrawl.check;

import static dev.qcrawl.testing.Visits.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.count.Counts;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Visit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a link check looks at, read from a crawl's discovery. */
class TargetsTest {
    private static final String START = "http://h.test/";


    /**
     * A page stored under two names (a redirect and its target) makes its links once, under the name first in URL
     * order at the shallowest depth, however many pages come between its two names.
     */
    @Test
    void aPageUnderTwoNamesFarApartMakesItsLinksOnce() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        Map<String, Visit> visits = new LinkedHashMap<>();
        List<String> fromStart = new ArrayList<>(List.of("http://h.test/a", "http://h.test/z"));
        depths.put(START, 0);
        depths.put("http://h.test/z", 1); // the two names far apart in the order the crawl found its URLs
        for (int i = 0; i < 3000; i++) {
            String url = String.format("http://h.test/p%04d", i);
            fromStart.add(url);
            depths.put(url, 1);
            visits.put(url, page());
        }
        Visit redirected = page(START, "http://other.test/x");
        depths.put("http://h.test/a", 1);
        visits.put("http://h.test/a", redirected);
        visits.put("http://h.test/z", redirected);
        visits.put(START, page(fromStart.toArray(String[]::new)));
        Discovery found = new Discovery(START, START, 5, depths, visits, Set.of(), 3003, 0, Duration.ZERO, null);

        Targets targets = Targets.of(found, new PageTable());

        assertTrue(targets.depths().containsKey("http://h.test/a"));
        assertFalse(targets.depths().containsKey("http://h.test/z"), "the page is expanded once");
        assertEquals(fromStart.size() + 2, targets.links().cardinality()); // and the start URL, and x
        Map<String, List<String>> linkedFrom = Counts.linkedFrom(found, targets.links());
        assertEquals(List.of("http://h.test/a"), linkedFrom.get(START));
        assertEquals(List.of("http://h.test/a"), linkedFrom.get("http://other.test/x"));
        assertEquals(List.of(START), linkedFrom.get("http://h.test/z"));
    }
}
