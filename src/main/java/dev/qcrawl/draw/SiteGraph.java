package dev.qcrawl.draw;

import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.crawl.Visit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listed URLs of a crawl as a directed graph: one node per row, one edge per distinct link between two of
 * them on a fetched page, with how many times the page links there. Nodes are numbered in the rows' order.
 *
 * @param nodes the rows, as printed
 * @param edges the links, grouped by the page they are on, in the order of the page's links
 */
public record SiteGraph(List<UrlStats> nodes, List<Edge> edges) {

    /** A link from node {@code from} to node {@code to} that appears {@code multiplicity} times on the page. */
    public record Edge(int from, int to, int multiplicity) {
    }

    public SiteGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
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
     */
    public static SiteGraph of(Discovery found, List<UrlStats> listed, Map<String, List<String>> linkedFrom) {
        Map<String, Integer> index = new HashMap<>(listed.size() * 2);
        for (int i = 0; i < listed.size(); i++) {
            index.put(listed.get(i).url(), i);
        }
        List<String> pages = new ArrayList<>();
        found.visits().forEach((url, visit) -> {
            if (found.depth(url) <= found.maxDepth() && index.containsKey(found.label(url))) {
                pages.add(url);
            }
        });
        pages.sort(Comparator.comparingInt(found::depth).thenComparing(Comparator.naturalOrder()));
        Set<Visit> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Edge> edges = new ArrayList<>();
        for (String page : pages) {
            Visit visit = found.visits().get(page);
            if (!seen.add(visit)) {
                continue;
            }
            int from = index.get(found.label(page));
            Links links = visit.links();
            for (int i = 0; i < links.size(); i++) {
                String target = links.targets()[i];
                // The start URL as linked is its own row when it was typed without its '/' (Counts): links go there.
                Integer to = index.containsKey(target) ? index.get(target) : index.get(found.label(target));
                if (to != null) {
                    edges.add(new Edge(from, to, links.multiplicity()[i]));
                }
            }
        }
        if (linkedFrom != null) {
            Set<Long> drawn = new java.util.HashSet<>();
            edges.forEach(e -> drawn.add(pair(e.from(), e.to())));
            for (int to = 0; to < listed.size(); to++) {
                for (String page : linkedFrom.getOrDefault(listed.get(to).url(), List.of())) {
                    Integer from = index.get(page);
                    if (from != null && drawn.add(pair(from, to))) {
                        edges.add(new Edge(from, to, 1));
                    }
                }
            }
        }
        edges.sort(Comparator.comparingInt(Edge::from)); // stable: each page's links stay in their order
        return new SiteGraph(listed, edges);
    }

    private static long pair(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
