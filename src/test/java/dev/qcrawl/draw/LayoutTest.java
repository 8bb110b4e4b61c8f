package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.crawl.UrlStats;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the drawing keeps when a site is larger than it draws. */
class LayoutTest {

    /** A tree: one root, each page at depth d has {@code fanout} children; counts fall with depth. */
    private static SiteGraph tree(int depth, int fanout) {
        List<UrlStats> nodes = new ArrayList<>();
        List<SiteGraph.Edge> edges = new ArrayList<>();
        nodes.add(new UrlStats("http://h/", BigInteger.ONE, 200, 1, "text/html", null, null, null));
        List<Integer> level = List.of(0);
        for (int d = 2; d <= depth; d++) {
            List<Integer> next = new ArrayList<>();
            for (int parent : level) {
                for (int c = 0; c < fanout; c++) {
                    int id = nodes.size();
                    nodes.add(new UrlStats(nodes.get(parent).url() + "c" + c + "/", BigInteger.valueOf(1 + c), 200, d,
                            "text/html", null, null, null));
                    edges.add(new SiteGraph.Edge(parent, id, 1));
                    edges.add(new SiteGraph.Edge(id, 0, 2)); // back to the root
                    next.add(id);
                }
            }
            level = next;
        }
        return new SiteGraph(nodes, edges);
    }

    @Test
    void drawsWholeDepthsFirstThenTheMostCountedOfTheNext() {
        SiteGraph graph = tree(5, 5); // 1 + 5 + 25 + 125 + 625 pages
        Layout.Drawn drawn = Layout.of(graph, 100, 1000);
        assertEquals(100, drawn.nodes().length);
        Set<Integer> depthFour = new HashSet<>();
        for (int i : drawn.nodes()) {
            int depth = graph.nodes().get(i).depth();
            assertTrue(depth <= 4, "no page deeper than the first depth left incomplete");
            if (depth == 4) {
                depthFour.add(i);
            }
        }
        assertEquals(100 - 31, depthFour.size());
        // of depth 4 the most counted: every child c4 (count 5) before any c3 (count 4)...
        long fives = depthFour.stream().filter(i -> graph.nodes().get(i).count().intValue() == 5).count();
        assertEquals(25, fives);
        String note = HtmlReport.note(graph, drawn);
        assertTrue(note.startsWith("The drawing shows the 100 shallowest of 781 URLs (by depth, then the most counted):"
                + " depth 1 in full (1), depth 2 in full (5), depth 3 in full (25), depth 4: 69 of 125, depth 5: 0 of"
                + " 625. The 681 left out"), note);
    }

    @Test
    void drawsLinksLeadingOutwardsFirstAndNeverSelfLinks() {
        SiteGraph graph = tree(3, 4);
        List<SiteGraph.Edge> withLoop = new ArrayList<>(graph.edges());
        withLoop.add(new SiteGraph.Edge(3, 3, 1));
        graph = new SiteGraph(graph.nodes(), withLoop);
        Layout.Drawn drawn = Layout.of(graph, 1000, 20);
        assertEquals(20, drawn.edges().length);
        int outwards = 0;
        for (int e : drawn.edges()) {
            SiteGraph.Edge edge = graph.edges().get(e);
            assertTrue(edge.from() != edge.to());
            if (graph.nodes().get(edge.from()).depth() + 1 == graph.nodes().get(edge.to()).depth()) {
                outwards++;
            }
        }
        assertEquals(4 + 16, outwards, "all 20 links one ring outwards come before the links back to the root");
    }

    @Test
    void countsOfAnySizeHaveALogarithm() {
        assertEquals(30, Layout.log10(BigInteger.TEN.pow(30)), 1e-9);
        assertEquals(2, Layout.log10(BigInteger.valueOf(100)), 1e-12);
        assertEquals(0, Layout.log10(BigInteger.ZERO));
    }
}
