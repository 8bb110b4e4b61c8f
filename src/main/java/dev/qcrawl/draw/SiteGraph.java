package dev.qcrawl.draw;

import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.graph.Graph;
import dev.qcrawl.heap.HeapWatch;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The listed URLs of a crawl as a directed graph: one node per row, one edge per distinct link between two of
 * them on a fetched page, with how many times the page links there. Nodes are numbered in the rows' order; the
 * edges are held as three int arrays (12 bytes a link), read as {@link Edge}s.
 */
public final class SiteGraph {

    /** A link from node {@code from} to node {@code to} that appears {@code multiplicity} times on the page. */
    public record Edge(int from, int to, int multiplicity) {
    }

    private final List<UrlStats> nodes;
    private final int[] from;
    private final int[] to;
    private final int[] multiplicity;
    private final List<Edge> edges;

    /**
     * @param nodes the rows, as printed
     * @param edges the links, grouped by the page they are on, in the order of the page's links
     */
    public SiteGraph(List<UrlStats> nodes, List<Edge> edges) {
        this(nodes, edges.stream().mapToInt(Edge::from).toArray(), edges.stream().mapToInt(Edge::to).toArray(),
                edges.stream().mapToInt(Edge::multiplicity).toArray());
    }

    private SiteGraph(List<UrlStats> nodes, int[] from, int[] to, int[] multiplicity) {
        this.nodes = List.copyOf(nodes);
        this.from = from;
        this.to = to;
        this.multiplicity = multiplicity;
        this.edges = new EdgeList();
    }

    /** The rows, as printed. */
    public List<UrlStats> nodes() {
        return nodes;
    }

    /** The links, grouped by the node they are from (in node order), each page's in the order of its links. */
    public List<Edge> edges() {
        return edges;
    }

    /**
     * The graph of {@code listed} (rows of the crawl's results) with the links of the pages {@code found} fetched
     * and expanded (within max-depth). A page stored under two names (a redirect and its target) has its links
     * once, under the listed name reached first at the shallowest depth, then in URL order; links to URLs that
     * are not listed are left out.
     */
    public static SiteGraph of(Discovery found, List<UrlStats> listed) {
        return of(found, listed, null);
    }

    /**
     * The same, with the links a link check read besides the crawl's own ({@code linkedFrom}: for each URL as
     * printed, the pages making a link to it, or null): an image, a stylesheet, a {@code page#fragment} is linked
     * from the pages that load or name it, once per page.
     *
     * <p>Read from the crawl's graph by URL id, in memory of a few ints per URL and per link. Gives up with an
     * {@link OutOfMemoryError} when the heap is spent ({@link HeapWatch#checkRoom()}).
     */
    public static SiteGraph of(Discovery found, List<UrlStats> listed, Map<String, List<String>> linkedFrom) {
        Graph graph = found.graph();
        int start = graph.find(found.start());
        // The row of each URL id (-1: not listed); the start URL is printed as typed (its label), and may also be
        // listed as linked, normalized, when it was typed without its '/' (Counts): links to it go to that row.
        int[] row = new int[graph.size()];
        Arrays.fill(row, -1);
        int labelRow = -1;
        for (int i = 0; i < listed.size(); i++) {
            String url = listed.get(i).url();
            int id = graph.find(url);
            if (id >= 0) {
                row[id] = i;
            }
            if (url.equals(found.startLabel())) {
                labelRow = i;
            }
        }
        int startLabelRow = labelRow;
        // Each page once, under its listed name reached first at the shallowest depth, then in URL order.
        int[] name = found.pageNames(id -> pageRow(id, start, startLabelRow, row) >= 0);
        // Counted first, so that the arrays are made once, to size: 12 bytes a link at most.
        int[] links = {0};
        pageLinks(graph, listed, start, startLabelRow, row, name, (f, t, m) -> links[0]++);
        Edges edges = new Edges(links[0]);
        pageLinks(graph, listed, start, startLabelRow, row, name, edges::add);
        if (linkedFrom != null) {
            edges.addChecked(linkedFrom, listed);
        }
        return new SiteGraph(listed, edges.from(), edges.to(), edges.multiplicity());
    }

    /** Receives edges. */
    @FunctionalInterface
    private interface EdgeSink {
        void add(int from, int to, int multiplicity);
    }

    /** The links between listed URLs of each page under its {@code name}, in row order: grouped by node from. */
    private static void pageLinks(Graph graph, List<UrlStats> listed, int start, int startLabelRow, int[] row,
            int[] name, EdgeSink sink) {
        for (int i = 0; i < listed.size(); i++) {
            int id = i == startLabelRow ? start : graph.find(listed.get(i).url());
            int p = id < 0 ? Graph.NO_PAGE : graph.page(id);
            if (p < 0 || name[p] != id || pageRow(id, start, startLabelRow, row) != i) {
                continue;
            }
            int fromRow = i;
            graph.links(p, (target, m) -> {
                int toRow = row[target] >= 0 ? row[target] : target == start ? startLabelRow : -1;
                if (toRow >= 0) {
                    sink.add(fromRow, toRow, m);
                }
            });
            HeapWatch.checkRoom();
        }
    }

    /** The row a page is drawn under when named {@code id}: its label's row (-1: not listed). */
    private static int pageRow(int id, int start, int startLabelRow, int[] row) {
        return id == start ? startLabelRow : row[id];
    }

    /** The edges as they are gathered, then put in order of their node from (stable). */
    private static final class Edges {
        private int[] from;
        private int[] to;
        private int[] multiplicity;
        private int n;
        private boolean sorted = true;

        Edges(int capacity) {
            from = new int[capacity];
            to = new int[capacity];
            multiplicity = new int[capacity];
        }

        void add(int f, int t, int m) {
            if (n == from.length) {
                int size = Math.max(n + 16, n + (n >> 1));
                from = Arrays.copyOf(from, size);
                to = Arrays.copyOf(to, size);
                multiplicity = Arrays.copyOf(multiplicity, size);
            }
            sorted &= n == 0 || from[n - 1] <= f;
            from[n] = f;
            to[n] = t;
            multiplicity[n++] = m;
        }

        /** The links a check read from each page to each listed URL, each one not drawn already. */
        void addChecked(Map<String, List<String>> linkedFrom, List<UrlStats> listed) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < listed.size(); i++) {
                index.put(listed.get(i).url(), i);
            }
            long[] drawn = new long[n];
            for (int e = 0; e < n; e++) {
                drawn[e] = pair(from[e], to[e]);
            }
            Arrays.sort(drawn);
            for (int t = 0; t < listed.size(); t++) {
                List<String> pages = linkedFrom.getOrDefault(listed.get(t).url(), List.of());
                Set<Integer> added = pages.size() > 1 ? new HashSet<>() : null;
                for (String page : pages) {
                    Integer f = index.get(page);
                    if (f != null && Arrays.binarySearch(drawn, pair(f, t)) < 0 && (added == null || added.add(f))) {
                        add(f, t, 1);
                    }
                }
                HeapWatch.checkRoom();
            }
        }

        int[] from() {
            sort();
            return n == from.length ? from : Arrays.copyOf(from, n);
        }

        int[] to() {
            sort();
            return n == to.length ? to : Arrays.copyOf(to, n);
        }

        int[] multiplicity() {
            sort();
            return n == multiplicity.length ? multiplicity : Arrays.copyOf(multiplicity, n);
        }

        /** A stable counting sort by node from: each page's links stay in their order. */
        private void sort() {
            if (sorted) {
                return;
            }
            int nodes = 0;
            for (int e = 0; e < n; e++) {
                nodes = Math.max(nodes, from[e] + 1);
            }
            int[] at = new int[nodes + 1];
            for (int e = 0; e < n; e++) {
                at[from[e] + 1]++;
            }
            for (int i = 0; i < nodes; i++) {
                at[i + 1] += at[i];
            }
            int[] f = new int[n];
            int[] t = new int[n];
            int[] m = new int[n];
            for (int e = 0; e < n; e++) {
                int k = at[from[e]]++;
                f[k] = from[e];
                t[k] = to[e];
                m[k] = multiplicity[e];
            }
            from = f;
            to = t;
            multiplicity = m;
            sorted = true;
        }

        private static long pair(int from, int to) {
            return ((long) from << 32) | (to & 0xffffffffL);
        }
    }

    /** The edges as records, made as they are read. */
    private final class EdgeList extends AbstractList<Edge> implements RandomAccess {
        @Override
        public Edge get(int i) {
            return new Edge(from[i], to[i], multiplicity[i]);
        }

        @Override
        public int size() {
            return from.length;
        }
    }
}
