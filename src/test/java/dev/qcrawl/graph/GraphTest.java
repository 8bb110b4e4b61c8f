package dev.qcrawl.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.fetch.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pages and links stored in the graph come back as they were given. */
class GraphTest {
    private record Page(Integer status, String contentType, Outcome error, boolean fetched, int[] targets,
            int[] multiplicity) {
    }

    @Test
    void pagesComeBackAsStored() {
        Graph graph = new Graph();
        for (int i = 0; i < 1000; i++) {
            graph.intern("http://h/" + i);
        }
        Random random = new Random(7);
        Outcome[] outcomes = Outcome.values();
        List<Page> pages = new ArrayList<>();
        for (int p = 0; p < 50_000; p++) {
            int n = random.nextInt(20);
            int[] targets = random.ints(n, 0, 1000).toArray();
            int[] multiplicity = random.ints(n, 1, 4).toArray();
            Page page = new Page(random.nextInt(5) == 0 ? null : 100 + random.nextInt(900),
                    random.nextInt(4) == 0 ? null : "text/t" + random.nextInt(50),
                    random.nextInt(3) == 0 ? outcomes[random.nextInt(outcomes.length)] : null, random.nextBoolean(),
                    targets, multiplicity);
            pages.add(page);
            assertEquals(p, graph.addPage(page.status(), page.contentType(), page.error(), page.fetched(), targets,
                    multiplicity, n));
        }
        long total = 0;
        for (int p = 0; p < pages.size(); p++) {
            Page page = pages.get(p);
            assertEquals(page.status(), graph.status(p));
            assertEquals(page.contentType(), graph.contentType(p));
            assertEquals(page.error(), graph.error(p));
            assertEquals(page.fetched(), graph.fetched(p));
            assertEquals(page.targets().length, graph.linkCount(p));
            List<int[]> links = new ArrayList<>();
            graph.links(p, (target, m) -> links.add(new int[] {target, m}));
            for (int i = 0; i < links.size(); i++) {
                assertEquals(page.targets()[i], links.get(i)[0]);
                assertEquals(page.multiplicity()[i], links.get(i)[1]);
                total += page.multiplicity()[i];
            }
        }
        assertEquals(total, graph.linkTotal());
    }

    @Test
    void aUrlKeepsItsShallowestDepthAndItsPage() {
        Graph graph = new Graph();
        int id = graph.intern("http://h/");
        assertEquals(Graph.UNREACHED, graph.depth(id));
        assertEquals(Graph.NO_PAGE, graph.page(id));
        assertTrue(graph.reach(id, 3));
        assertFalse(graph.reach(id, 4));
        assertTrue(graph.reach(id, 2));
        assertEquals(2, graph.depth(id));
        int p = graph.addPage(200, "text/html", null, true, new int[0], new int[0], 0);
        graph.setPage(id, p);
        assertEquals(p, graph.page(id));
        assertNull(graph.error(p));
    }
}
