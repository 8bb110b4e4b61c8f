package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.graph.Graph;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What a crawl found: every URL reached with its shallowest depth and, for the pages fetched, their visits and
 * links, held in a compact {@link Graph} (the crawl's own, not a copy). Counts are computed from it afterwards (see
 * the {@code count} package, which reads the graph directly), so the crawl itself only discovers. {@link #depths()}
 * and {@link #visits()} are views of the graph that make their values as they are read.
 */
public final class Discovery {
    private final String start;
    private final String startLabel;
    private final int maxDepth;
    private final Graph graph;
    private final Set<String> roots;
    private final long pagesFetched;
    private final long failures;
    private final Duration elapsed;
    private final StopReason stopReason;
    /** The visits made for {@link #visits()}, by page, while they are recent: one page, one object. */
    private final Map<Integer, Visit> made = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Visit> eldest) {
            return size() > 1024;
        }
    };

    /**
     * @param start      the start URL (normalized)
     * @param startLabel how the start URL is printed
     * @param maxDepth   pages up to this depth were fetched
     * @param graph      every URL reached with its shallowest depth, and the pages stored
     * @param roots      the URLs the crawl started from besides the start URL (from sitemaps), each reached at depth 1
     * @param stopReason why the crawl ended early, or {@code null}
     */
    public Discovery(String start, String startLabel, int maxDepth, Graph graph, Set<String> roots, long pagesFetched,
            long failures, Duration elapsed, StopReason stopReason) {
        this.start = start;
        this.startLabel = startLabel;
        this.maxDepth = maxDepth;
        this.graph = graph;
        this.roots = roots;
        this.pagesFetched = pagesFetched;
        this.failures = failures;
        this.elapsed = elapsed;
        this.stopReason = stopReason;
    }

    /**
     * The same from maps (a shared crawl's state read back): {@code depths} has every URL reached, {@code visits}
     * the stored visit of every URL that has one; URLs with the same visit object share one page.
     */
    public Discovery(String start, String startLabel, int maxDepth, Map<String, Integer> depths,
            Map<String, Visit> visits, Set<String> roots, long pagesFetched, long failures, Duration elapsed,
            StopReason stopReason) {
        this(start, startLabel, maxDepth, graphOf(depths, visits), roots, pagesFetched, failures, elapsed,
                stopReason);
    }

    private static Graph graphOf(Map<String, Integer> depths, Map<String, Visit> visits) {
        Graph graph = new Graph();
        depths.forEach((url, d) -> graph.reach(graph.intern(url), d));
        Map<Visit, Integer> pages = new IdentityHashMap<>();
        visits.forEach((url, v) -> {
            Integer p = pages.get(v);
            if (p == null) {
                Links links = v.links();
                int[] ids = new int[links.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = graph.intern(links.targets()[i]);
                }
                p = graph.addPage(v.status(), v.contentType(), v.error(), v.fetched(), ids, links.multiplicity(),
                        ids.length);
                pages.put(v, p);
            }
            graph.setPage(graph.intern(url), p);
        });
        return graph;
    }

    /** A stored page as a {@link Visit}, its links' URLs made from the graph's bytes. */
    static Visit visitOf(Graph graph, int page) {
        int n = graph.linkCount(page);
        Links links = Links.NONE;
        if (n > 0) {
            String[] targets = new String[n];
            int[] multiplicity = new int[n];
            int[] i = {0};
            graph.links(page, (target, m) -> {
                targets[i[0]] = graph.url(target);
                multiplicity[i[0]++] = m;
            });
            links = new Links(targets, multiplicity);
        }
        return new Visit(graph.status(page), graph.contentType(page), graph.error(page), links, graph.fetched(page));
    }

    public String start() {
        return start;
    }

    public String startLabel() {
        return startLabel;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** The link graph itself, for counting in place. */
    public Graph graph() {
        return graph;
    }

    public Set<String> roots() {
        return roots;
    }

    public long pagesFetched() {
        return pagesFetched;
    }

    public long failures() {
        return failures;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /** How a URL is printed: the start URL as typed, any other as normalized. */
    public String label(String url) {
        return url.equals(start) ? startLabel : url;
    }

    /** The shallowest depth the URL was reached at, or {@link Integer#MAX_VALUE}. */
    public int depth(String url) {
        int id = graph.find(url);
        return id < 0 ? Graph.UNREACHED : graph.depth(id);
    }

    /**
     * The start URL gave no response at all (refused, timeout, ...), robots.txt forbids it, its host was given up
     * (sitemaps read before it got no answer), or it redirects out of the crawl (out of {@code --scope}, or
     * filtered): nothing of the site was read.
     */
    public boolean startFailed() {
        int id = graph.find(start);
        int p = id < 0 ? Graph.NO_PAGE : graph.page(id);
        if (p < 0) {
            return false;
        }
        Outcome error = graph.error(p);
        if (graph.status(p) != null) {
            return error == Outcome.SCOPE || error == Outcome.EXCLUDED; // a redirect the crawl does not follow
        }
        return graph.fetched(p) || error == Outcome.ROBOTS || error == Outcome.GIVEN_UP;
    }

    /**
     * The name each stored page is counted and drawn under: for each page number, of its URLs within max-depth, the
     * one reached at the shallowest depth, then the first in URL order (a page stored under two names is a redirect
     * and its target); -1 for a page with none.
     */
    public int[] pageNames() {
        return pageNames(id -> true);
    }

    /** The same, of the URLs that {@code may} name pages only. */
    public int[] pageNames(IntPredicate may) {
        int[] names = new int[graph.pages()];
        Arrays.fill(names, -1);
        for (int id = 0; id < graph.size(); id++) {
            int p = graph.page(id);
            if (p < 0 || graph.depth(id) > maxDepth || !may.test(id)) {
                continue;
            }
            int named = names[p];
            if (named < 0 || graph.depth(id) < graph.depth(named)
                    || graph.depth(id) == graph.depth(named) && graph.urls().compare(id, named) < 0) {
                names[p] = id;
            }
        }
        return names;
    }

    /** Every URL reached, with its shallowest depth: a view of the graph. */
    public Map<String, Integer> depths() {
        return new GraphView<>() {
            @Override
            boolean has(int id) {
                return graph.depth(id) != Graph.UNREACHED;
            }

            @Override
            Integer value(int id) {
                int d = graph.depth(id);
                return d == Graph.UNREACHED ? null : d;
            }
        };
    }

    /**
     * The stored visit of every URL that has one: a view of the graph. The URLs of one page give the same object
     * while it is recent (reading them one after the other, say).
     */
    public Map<String, Visit> visits() {
        return new GraphView<>() {
            @Override
            boolean has(int id) {
                return graph.page(id) >= 0;
            }

            @Override
            Visit value(int id) {
                int p = graph.page(id);
                if (p < 0) {
                    return null;
                }
                Visit v = made.get(p);
                if (v == null) {
                    v = visitOf(graph, p);
                    made.put(p, v);
                }
                return v;
            }
        };
    }

    /** A map over the graph's URLs that have a value (the others are not in it). */
    private abstract class GraphView<V> extends AbstractMap<String, V> {
        abstract boolean has(int id);

        /** The URL's value; only called when it {@link #has} one. */
        abstract V value(int id);

        @Override
        public V get(Object key) {
            if (!(key instanceof String url)) {
                return null;
            }
            int id = graph.find(url);
            return id < 0 || !has(id) ? null : value(id);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, V>> iterator() {
                    return new Iterator<>() {
                        private int next = advance(0);

                        private int advance(int from) {
                            int id = from;
                            while (id < graph.size() && !has(id)) {
                                id++;
                            }
                            return id;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < graph.size();
                        }

                        @Override
                        public Entry<String, V> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            int id = next;
                            next = advance(id + 1);
                            return new SimpleImmutableEntry<>(graph.url(id), value(id));
                        }
                    };
                }

                @Override
                public int size() {
                    int n = 0;
                    for (int id = 0; id < graph.size(); id++) {
                        if (has(id)) {
                            n++;
                        }
                    }
                    return n;
                }
            };
        }
    }
}
