package dev.qcrawl.crawl;

import static dev.qcrawl.testing.Visits.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.fetch.Outcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A discovery built from maps (as a shared crawl's is) reads back as those maps, through its views of the graph. */
class DiscoveryTest {

    @Test
    void viewsGiveBackTheMapsItWasMadeFrom() {
        Map<String, Integer> depths = Map.of("http://h/", 1, "http://h/a", 2, "http://h/b", 2, "http://h/c", 3);
        Visit root = page("http://h/a", "http://h/b");
        Visit a = new Visit(200, "text/html", null, new Links(new String[] {"http://h/c"}, new int[] {3}), true);
        Visit b = new Visit(404, "text/plain", null, Links.NONE, true);
        Visit moved = page("http://h/");
        Map<String, Visit> visits = new HashMap<>(Map.of("http://h/", root, "http://h/a", a, "http://h/b", b));
        visits.put("http://elsewhere/moved", moved); // a stored visit of a URL never reached (a redirect's target)
        visits.put("http://h/alias", a); // the same page under a second name
        Discovery found = new Discovery("http://h/", "http://h", 2, depths, visits, Set.of("http://h/b"), 3, 0,
                Duration.ofSeconds(1), null);

        assertEquals(depths, found.depths());
        assertEquals(4, found.depths().size());
        assertEquals(2, found.depth("http://h/a"));
        assertEquals(Integer.MAX_VALUE, found.depth("http://h/unknown"));
        assertEquals(Integer.MAX_VALUE, found.depth("http://elsewhere/moved"));
        assertEquals(5, found.visits().size());
        assertEquals(visits.keySet(), found.visits().keySet());
        assertEquals(List.of("http://h/a", "http://h/b"),
                List.of(found.visits().get("http://h/").links().targets()));
        Visit readA = found.visits().get("http://h/a");
        assertEquals(List.of("http://h/c"), List.of(readA.links().targets()));
        assertEquals(3, readA.links().multiplicity()[0]);
        assertSame(readA, found.visits().get("http://h/alias"), "one page, one visit");
        Visit readB = found.visits().get("http://h/b");
        assertEquals(404, readB.status());
        assertEquals("text/plain", readB.contentType());
        assertNull(found.visits().get("http://h/c"));
        assertFalse(found.visits().containsKey("http://h/c"));
        assertTrue(found.visits().containsKey("http://elsewhere/moved"));
        assertEquals("http://h", found.label("http://h/"));
        assertEquals("http://h/a", found.label("http://h/a"));
        assertFalse(found.startFailed());
    }

    @Test
    void theStartUrlFailedWhenItGaveNoResponseOrRobotsForbidIt() {
        Map<String, Integer> depths = Map.of("http://h/", 1);
        Visit refused = new Visit(null, null, Outcome.REFUSED, Links.NONE, true);
        Discovery failed = new Discovery("http://h/", "http://h/", 2, depths, Map.of("http://h/", refused), Set.of(),
                1, 1, Duration.ZERO, null);
        assertTrue(failed.startFailed());
        Discovery robots = new Discovery("http://h/", "http://h/", 2, depths,
                Map.of("http://h/", Visit.skipped(Outcome.ROBOTS)), Set.of(), 0, 0, Duration.ZERO, null);
        assertTrue(robots.startFailed());
        Discovery fine = new Discovery("http://h/", "http://h/", 2, depths, Map.of("http://h/", page()), Set.of(),
                1, 0, Duration.ZERO, null);
        assertFalse(fine.startFailed());
    }
}
