package dev.qcrawl.count;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.graph.Graph;
import dev.qcrawl.heap.HeapWatch;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Counts over a discovered link graph, kept apart from the crawl that discovered it:
 * <ul>
 * <li>walk mode, the tutorial's numbers: the number of link paths of up to max-depth hops from the start URL that
 * end at each URL, repeats of a link included, by dynamic programming over the depths;</li>
 * <li>unique mode: the number of links to each URL on the fetched pages (a page fetched under two names, a
 * redirect and its target, counts once), plus one for the start URL.</li>
 * </ul>
 * Counts are exact at any depth: a {@code long} while it fits, a {@link java.math.BigInteger} after that. They are
 * computed over the crawl's own {@link Graph}, in place, with a few primitive arrays of one slot per URL; the rows
 * are made as they are read.
 */
public final class Counts {
    private Counts() {
    }

    /** The rows and summary of a crawl, counted in {@code mode}, with every row's referrer. */
    public static CrawlResult result(Discovery found, Mode mode) {
        return result(found, mode, true, false);
    }

    /** The same, leaving the referrers out (null) unless {@code withReferrers}: the text format does not print them. */
    public static CrawlResult result(Discovery found, Mode mode, boolean withReferrers, boolean sitemaps) {
        return result(found, mode, withReferrers, sitemaps, new Interruption(() -> null));
    }

    /**
     * A stop asked for while the counts are worked out. Walk counts take a step per depth, each over every link, on
     * numbers that grow with the depth (a site with cycles doubles them every few levels): a large {@code -d} can
     * take minutes. A stop ends the walk at the depth it reached, whose counts are exact for that depth.
     */
    public static final class Interruption {
        private final Supplier<StopReason> stop;
        private volatile int cutAt = -1;

        /** {@code stop}: the reason of a stop that came, or null while none has. */
        public Interruption(Supplier<StopReason> stop) {
            this.stop = stop;
        }

        /** The {@code -d} whose counts the result holds, when a stop cut the walk short. */
        public java.util.OptionalInt cutAt() {
            int at = cutAt;
            return at < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(at);
        }
    }

    /**
     * The same; a stop that {@code interruption} reports while walk counts are worked out ends them at the depth
     * reached, and the result then says it was stopped.
     */
    public static CrawlResult result(Discovery found, Mode mode, boolean withReferrers, boolean sitemaps,
            Interruption interruption) {
        Graph graph = found.graph();
        Tally counts = mode == Mode.WALK ? walk(found, interruption) : unique(found);
        StopReason stopReason = interruption.cutAt().isPresent() ? interruption.stop.get() : found.stopReason();
        int[] referrers = withReferrers ? referrers(found) : null;
        int start = graph.find(found.start());
        int linkedStart = linkedStart(graph);
        int[] linkedFrom = null;
        if (start >= 0 && !found.startLabel().equals(found.start())
                && counts.value(start).compareTo(BigInteger.ONE) > 0) {
            // The start URL typed without the '/' of its path is a URL of its own to the tutorial: the start job
            // counts under it, and the links to '/' under '/', though both are one page here.
            counts.moveAllButOne(start, linkedStart);
            linkedFrom = shallowestLinkTo(found, start);
        }
        int n = 0;
        for (int id = 0; id <= linkedStart; id++) {
            if (counts.has(id)) {
                n++;
            }
        }
        int[] order = new int[n];
        n = 0;
        for (int id = 0; id <= linkedStart; id++) {
            if (counts.has(id)) {
                order[n++] = id;
            }
        }
        IdSort.sort(order, (a, b) -> {
            int c = counts.compareDescending(a, b);
            return c != 0 ? c : compareLabels(found, start, a, b);
        });
        List<UrlStats> rows = new Rows(found, counts, referrers, order, sitemaps, linkedFrom);
        return new CrawlResult(found.startLabel(), rows, found.pagesFetched(), found.failures(), found.elapsed(),
                found.startFailed(), stopReason, sitemaps, orphans(found));
    }

    /** The rows in order, each made when it is read. */
    private static final class Rows extends AbstractList<UrlStats> implements RandomAccess {
        private final Discovery found;
        private final Tally counts;
        private final int[] referrers;
        private final int[] order;
        private final boolean sitemaps;
        /** For the row of {@link #linkedStart}: the depth it was linked at, and the page that linked it. */
        private final int[] linkedFrom;
        /** Whether the crawl was stopped before its end with URLs still to fetch (Ctrl-C, SIGTERM, memory). */
        private final boolean stopped;

        Rows(Discovery found, Tally counts, int[] referrers, int[] order, boolean sitemaps, int[] linkedFrom) {
            this.found = found;
            this.counts = counts;
            this.referrers = referrers;
            this.order = order;
            this.sitemaps = sitemaps;
            this.linkedFrom = linkedFrom;
            // A stop before the end (a signal, memory); a spent budget labels its own rows (max-pages).
            this.stopped = found.stopReason() != null && found.stopReason() != StopReason.MAX_PAGES;
        }

        @Override
        public UrlStats get(int i) {
            Graph graph = found.graph();
            int id = order[i];
            if (id == linkedStart(graph)) {
                int p = graph.page(graph.find(found.start()));
                boolean page = p >= 0;
                String referrer = referrers == null || linkedFrom[1] < 0 ? null
                        : found.label(graph.url(linkedFrom[1]));
                return new UrlStats(found.start(), counts.value(id), page ? graph.status(p) : null, linkedFrom[0],
                        page ? graph.contentType(p) : null, page ? graph.error(p) : null, referrer,
                        sitemaps ? found.roots().contains(found.start()) : null);
            }
            String url = graph.url(id);
            int p = graph.page(id);
            boolean page = p >= 0;
            String referrer = referrers == null || referrers[id] < 0 ? null : found.label(graph.url(referrers[id]));
            // A URL within the depth that has no visit was still to be fetched when the crawl was stopped.
            Outcome error = page ? graph.error(p)
                    : stopped && graph.depth(id) <= found.maxDepth() ? Outcome.INTERRUPTED : null;
            return new UrlStats(found.label(url), counts.value(id), page ? graph.status(p) : null, graph.depth(id),
                    page ? graph.contentType(p) : null, error, referrer, sitemaps ? found.roots().contains(url) : null);
        }

        @Override
        public int size() {
            return order.length;
        }
    }

    /** Orders two URLs as they are printed: the start URL by its label, the others by their bytes. */
    private static int compareLabels(Discovery found, int start, int a, int b) {
        Graph graph = found.graph();
        int linkedStart = linkedStart(graph);
        if (a == start || b == start || a == linkedStart || b == linkedStart) {
            return name(found, a).compareTo(name(found, b));
        }
        return graph.urls().compare(a, b);
    }

    /** A URL as printed, {@link #linkedStart} included. */
    private static String name(Discovery found, int id) {
        Graph graph = found.graph();
        return id == linkedStart(graph) ? found.start() : found.label(graph.url(id));
    }

    /**
     * The count slot past the graph's URLs, for the start URL as pages link to it when it was typed without the
     * {@code /} of its path ({@code http://localhost:8000}): the tutorial prints the two apart.
     */
    private static int linkedStart(Graph graph) {
        return graph.size();
    }

    /**
     * The shallowest depth at which a page within max-depth links to {@code start}, and of the pages linking to it
     * there the first as printed: {depth, page id}.
     */
    private static int[] shallowestLinkTo(Discovery found, int start) {
        Graph graph = found.graph();
        int[] best = {Integer.MAX_VALUE, -1};
        for (int id = 0; id < graph.size(); id++) {
            int p = graph.page(id);
            int depth = graph.depth(id);
            if (p < 0 || depth > found.maxDepth() || depth + 1 > best[0]) {
                continue;
            }
            int page = id;
            graph.links(p, (target, m) -> {
                if (target == start && (depth + 1 < best[0]
                        || name(found, page).compareTo(name(found, best[1])) < 0)) {
                    best[0] = depth + 1;
                    best[1] = page;
                }
            });
        }
        return best;
    }

    /** The sitemap URLs (as printed) that no fetched page links to. */
    static Set<String> orphans(Discovery found) {
        if (found.roots().isEmpty()) {
            return Set.of();
        }
        Graph graph = found.graph();
        BitSet linked = new BitSet(graph.size());
        for (int id = 0; id < graph.size(); id++) {
            int p = graph.page(id);
            if (p >= 0 && graph.depth(id) <= found.maxDepth()) {
                graph.links(p, (target, m) -> linked.set(target));
            }
        }
        Set<String> orphans = new TreeSet<>();
        for (String root : found.roots()) {
            int id = graph.find(root);
            // The start URL is where the crawl begins: reached by definition, not an orphan.
            if (!root.equals(found.start()) && (id < 0 || !linked.get(id))) {
                orphans.add(found.label(root));
            }
        }
        return orphans;
    }

    /** The roots of the walk: the start URL and the sitemap URLs, each once. */
    private static int[] roots(Discovery found) {
        Set<String> roots = new LinkedHashSet<>();
        roots.add(found.start());
        roots.addAll(found.roots());
        return roots.stream().mapToInt(found.graph()::intern).distinct().toArray();
    }

    /** Path counts: level k holds the paths of k-1 hops; pages at levels up to max-depth were fetched. */
    static Tally walk(Discovery found) {
        return walk(found, new Interruption(() -> null));
    }

    private static Tally walk(Discovery found, Interruption interruption) {
        Graph graph = found.graph();
        int[] roots = roots(found);
        Tally total = new Tally(graph.size() + 1); // a spare slot: see linkedStart
        Step step = new Step(graph.size());
        for (int root : roots) {
            step.level.add(root, 1);
            total.add(root, 1);
        }
        int[] active = roots.clone();
        int activeCount = active.length;
        for (int depth = 1; depth <= found.maxDepth() && activeCount > 0; depth++) {
            if (depth < found.maxDepth() && interruption.stop.get() != null) {
                interruption.cutAt = depth - 1; // the links of the pages up to depth - 1 are counted: -d (depth - 1)
                break;
            }
            step.reachedCount = 0;
            for (int i = 0; i < activeCount; i++) {
                int p = graph.page(active[i]);
                if (p >= 0) {
                    step.from = active[i];
                    graph.links(p, step);
                }
                HeapWatch.checkRoom();
            }
            for (int i = 0; i < activeCount; i++) {
                step.level.clear(active[i]);
            }
            for (int i = 0; i < step.reachedCount; i++) {
                total.add(step.reached[i], step.next);
            }
            // The level just reached is the next one to expand; the arrays of the one expanded are reused.
            Tally t = step.level;
            step.level = step.next;
            step.next = t;
            int[] a = active;
            active = step.reached;
            activeCount = step.reachedCount;
            step.reached = a.length >= 16 ? a : new int[16];
        }
        return total;
    }

    /** One level of the walk: the paths to {@code from} extended along each of its links into {@code next}. */
    private static final class Step implements Graph.LinkSink {
        Tally level;
        Tally next;
        int from;
        int[] reached = new int[16];
        int reachedCount;

        Step(int size) {
            level = new Tally(size);
            next = new Tally(size);
        }

        @Override
        public void link(int target, int multiplicity) {
            if (!next.has(target)) {
                if (reachedCount == reached.length) {
                    reached = Arrays.copyOf(reached, reached.length * 2);
                }
                reached[reachedCount++] = target;
            }
            next.addProduct(target, level, from, multiplicity);
        }
    }

    /** In-link counts over the pages within max-depth. */
    static Tally unique(Discovery found) {
        Graph graph = found.graph();
        Tally total = new Tally(graph.size() + 1); // a spare slot: see linkedStart
        for (int root : roots(found)) {
            total.add(root, 1);
        }
        BitSet counted = new BitSet(graph.pages());
        for (int id = 0; id < graph.size(); id++) {
            int p = graph.page(id);
            if (p < 0 || graph.depth(id) > found.maxDepth() || counted.get(p)) {
                continue; // not expanded, or the same page under a second name (a redirect's target)
            }
            counted.set(p);
            graph.links(p, total::add);
        }
        return total;
    }

    /**
     * For each URL but the start URL, the page it was reached through at its shallowest depth; of several such
     * pages, the first in URL order, so that the answer does not depend on which worker was faster. -1 for none.
     */
    static int[] referrers(Discovery found) {
        Graph graph = found.graph();
        int start = graph.find(found.start());
        int[] referrers = new int[graph.size()];
        Arrays.fill(referrers, -1);
        for (int id = 0; id < graph.size(); id++) {
            int p = graph.page(id);
            int depth = graph.depth(id);
            if (p < 0 || depth > found.maxDepth()) {
                continue;
            }
            int page = id;
            graph.links(p, (target, m) -> {
                if (target != start && graph.depth(target) == depth + 1
                        && (referrers[target] < 0 || compareLabels(found, start, page, referrers[target]) < 0)) {
                    referrers[target] = page;
                }
            });
        }
        return referrers;
    }

    /** For each of {@code urls} (as the results print them), the fetched pages that link to it, sorted, each once. */
    public static Map<String, List<String>> linkedFrom(Discovery found, Set<String> urls) {
        Graph graph = found.graph();
        BitSet wanted = new BitSet(graph.size());
        for (String url : urls) {
            int id = graph.find(url); // the start's typed label is no URL of the graph: nothing links to it
            if (id >= 0) {
                wanted.set(id);
            }
        }
        return linkedFrom(found, wanted);
    }

    /**
     * For each URL of the graph in {@code wanted} (by id), keyed as linked, the fetched pages that link to it, sorted,
     * each once.
     */
    public static Map<String, List<String>> linkedFrom(Discovery found, BitSet wanted) {
        Graph graph = found.graph();
        int[] owner = found.pageNames(); // each page within max-depth once
        Map<String, List<String>> from = new HashMap<>();
        for (int p = 0; p < owner.length; p++) {
            if (owner[p] < 0) {
                continue;
            }
            String name = found.label(graph.url(owner[p]));
            graph.links(p, (target, m) -> {
                if (wanted.get(target)) {
                    // Keyed by the URL linked: the start URL too (its typed label is the start job, linked by none).
                    from.computeIfAbsent(graph.url(target), u -> new ArrayList<>()).add(name);
                }
            });
        }
        from.values().forEach(list -> list.sort(null));
        return from;
    }
}
