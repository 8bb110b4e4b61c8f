package dev.qcrawl.draw;

import dev.qcrawl.crawl.UrlStats;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Which part of a {@link SiteGraph} the report draws, and where: the shallowest pages first (within a depth the
 * most counted, then by URL), at most {@code maxNodes} of them, on one ring per depth around the start URL.
 * A page sits on its ring next to its siblings: ordered by the place of the page that links to it on the ring
 * inside, then by URL, so a section of the site hangs together. At most {@code maxEdges} links between drawn
 * pages are drawn, those that lead one ring outwards first.
 */
final class Layout {
    /** The report's limits: what Chromium draws and lets one pan smoothly on an ordinary machine. */
    static final int MAX_NODES = 1500;
    static final int MAX_EDGES = 2000;
    private static final double SPACING = 26;
    private static final double RING_GAP = 120;
    private static final double BAND_GAP = 40;
    private static final int MAX_BANDS = 8;

    /** Drawn node indexes with their positions and sizes, the drawn edge indexes and the rings. */
    record Drawn(int[] nodes, double[] x, double[] y, double[] size, int[] edges, List<Ring> rings,
            int linksBetweenDrawn) {
    }

    /** One ring: a depth, its radius, how many pages of that depth there are and how many are drawn. */
    record Ring(int depth, double radius, int pages, int drawn) {
    }

    private Layout() {
    }

    static Drawn of(SiteGraph graph, int maxNodes, int maxEdges) {
        List<UrlStats> nodes = graph.nodes();
        Integer[] order = new Integer[nodes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> nodes.get(i).depth())
                .thenComparing((Integer i) -> nodes.get(i).count(), Comparator.reverseOrder())
                .thenComparing(i -> nodes.get(i).url()));
        int drawnCount = Math.min(maxNodes, order.length);
        boolean[] drawn = new boolean[nodes.size()];
        TreeMap<Integer, List<Integer>> byDepth = new TreeMap<>();
        TreeMap<Integer, Integer> pagesAtDepth = new TreeMap<>();
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            pagesAtDepth.merge(nodes.get(i).depth(), 1, Integer::sum);
            if (k < drawnCount) {
                drawn[i] = true;
                byDepth.computeIfAbsent(nodes.get(i).depth(), d -> new ArrayList<>()).add(i);
            }
        }
        // for each drawn node, the drawn pages one ring inside that link to it
        List<List<Integer>> parents = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            parents.add(null);
        }
        int linksBetweenDrawn = 0;
        for (SiteGraph.Edge e : graph.edges()) {
            if (drawn[e.from()] && drawn[e.to()] && e.from() != e.to()) {
                linksBetweenDrawn++;
                if (nodes.get(e.from()).depth() + 1 == nodes.get(e.to()).depth()) {
                    if (parents.get(e.to()) == null) {
                        parents.set(e.to(), new ArrayList<>(2));
                    }
                    parents.get(e.to()).add(e.from());
                }
            }
        }
        double[] slot = new double[nodes.size()]; // a node's place on its ring, 0..1
        int[] drawnNodes = new int[drawnCount];
        double[] x = new double[drawnCount];
        double[] y = new double[drawnCount];
        double[] size = new double[drawnCount];
        List<Ring> rings = new ArrayList<>();
        BigInteger max = BigInteger.ONE;
        for (UrlStats node : nodes) {
            max = node.count().max(max);
        }
        double logMax = Math.max(log10(max), 1);
        int k = 0;
        double radius = 0;
        for (var level : byDepth.entrySet()) {
            List<Integer> ring = level.getValue();
            for (int i : ring) {
                List<Integer> from = parents.get(i);
                slot[i] = from == null ? 2 : from.stream().mapToDouble(p -> slot[p]).min().orElse(2);
            }
            ring.sort(Comparator.<Integer>comparingDouble(i -> slot[i]).thenComparing(i -> nodes.get(i).url()));
            // A crowded depth is drawn as a band of a few rings, neighbours alternating between them, so that it
            // needs a smaller circle; the band starts one gap outside the last one.
            double inner = rings.isEmpty() ? 0 : radius + RING_GAP;
            int bands = inner == 0 ? 1 : (int) Math.min(MAX_BANDS,
                    Math.max(1, Math.ceil(ring.size() * SPACING / (2 * Math.PI * inner))));
            // the start URL alone at the centre; several roots (sitemaps) on a small first ring
            radius = rings.isEmpty() && ring.size() == 1 ? 0
                    : Math.max(Math.max(inner, RING_GAP / 2), ring.size() * SPACING / (2 * Math.PI * bands));
            rings.add(new Ring(level.getKey(), radius, pagesAtDepth.get(level.getKey()), ring.size()));
            for (int j = 0; j < ring.size(); j++) {
                int i = ring.get(j);
                slot[i] = (double) j / ring.size();
                double angle = 2 * Math.PI * (j + 0.5) / ring.size() - Math.PI / 2; // the top is left to the label
                double r = radius + (j % bands) * BAND_GAP;
                drawnNodes[k] = i;
                x[k] = Math.round(r * Math.cos(angle) * 10) / 10.0;
                y[k] = Math.round(r * Math.sin(angle) * 10) / 10.0;
                size[k] = Math.round((10 + 22 * log10(nodes.get(i).count()) / logMax) * 10) / 10.0;
                k++;
            }
            radius += (bands - 1) * BAND_GAP;
        }
        for (var level : pagesAtDepth.entrySet()) {
            if (!byDepth.containsKey(level.getKey())) {
                rings.add(new Ring(level.getKey(), 0, level.getValue(), 0));
            }
        }
        return new Drawn(drawnNodes, x, y, size, edges(graph, drawn, maxEdges), List.copyOf(rings),
                linksBetweenDrawn);
    }

    /** The edges to draw: between drawn pages, no self links, those one ring outwards first, in graph order. */
    private static int[] edges(SiteGraph graph, boolean[] drawn, int maxEdges) {
        List<UrlStats> nodes = graph.nodes();
        int[] chosen = new int[Math.min(maxEdges, graph.edges().size())];
        int n = 0;
        for (int pass = 0; pass < 2 && n < chosen.length; pass++) {
            for (int e = 0; e < graph.edges().size() && n < chosen.length; e++) {
                SiteGraph.Edge edge = graph.edges().get(e);
                if (!drawn[edge.from()] || !drawn[edge.to()] || edge.from() == edge.to()) {
                    continue;
                }
                boolean outwards = nodes.get(edge.from()).depth() + 1 == nodes.get(edge.to()).depth();
                if (outwards == (pass == 0)) {
                    chosen[n++] = e;
                }
            }
        }
        return Arrays.copyOf(chosen, n);
    }

    /** log10 of a count of any size (a walk count may pass Long.MAX_VALUE). */
    static double log10(BigInteger count) {
        if (count.signum() <= 0) {
            return 0;
        }
        int shift = Math.max(0, count.bitLength() - 60);
        return Math.log10(count.shiftRight(shift).doubleValue()) + shift * Math.log10(2);
    }
}
