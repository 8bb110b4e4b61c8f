package dev.qcrawl.count;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.Node;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.crawl.Visit;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts over a discovered link graph, kept apart from the crawl that discovered it:
 * <ul>
 * <li>walk mode, the tutorial's numbers: the number of link paths of up to max-depth hops from the start URL that
 * end at each URL, repeats of a link included, by dynamic programming over the depths;</li>
 * <li>unique mode: the number of links to each URL on the fetched pages (a page fetched under two names, a
 * redirect and its target, counts once), plus one for the start URL.</li>
 * </ul>
 * Counts are exact at any depth: a {@code long} while it fits, a {@link BigInteger} after that.
 */
public final class Counts {
    private Counts() {
    }

    /** The rows and summary of a crawl, counted in {@code mode}. */
    public static CrawlResult result(Discovery found, Mode mode) {
        Map<Node, Count> counts = mode == Mode.WALK ? walk(found) : unique(found);
        Map<Node, String> referrers = referrers(found);
        List<UrlStats> rows = new ArrayList<>(counts.size());
        counts.forEach((node, count) -> {
            Visit v = node.visitIfDone();
            rows.add(new UrlStats(found.label(node), count.value(), v == null ? null : v.status(), node.depth(),
                    v == null ? null : v.contentType(), v == null ? null : v.error(), referrers.get(node)));
        });
        rows.sort(Comparator.comparing(UrlStats::count).reversed().thenComparing(UrlStats::url));
        return new CrawlResult(found.startLabel(), List.copyOf(rows), found.pagesFetched(), found.failures(),
                found.elapsed(), found.startFailed(), found.stopReason());
    }

    /** Path counts: level k holds the paths of k-1 hops; pages at levels up to max-depth were fetched. */
    static Map<Node, Count> walk(Discovery found) {
        Map<Node, Count> total = new HashMap<>();
        Map<Node, Count> level = new HashMap<>();
        level.put(found.start(), new Count(1));
        total.put(found.start(), new Count(1));
        for (int depth = 1; depth <= found.maxDepth() && !level.isEmpty(); depth++) {
            Map<Node, Count> next = new HashMap<>(level.size() * 4);
            for (Map.Entry<Node, Count> e : level.entrySet()) {
                Links links = linksOf(e.getKey());
                Count paths = e.getValue();
                for (int i = 0; i < links.size(); i++) {
                    next.computeIfAbsent(links.targets()[i], n -> new Count(0)).addProduct(paths,
                            links.multiplicity()[i]);
                }
            }
            for (Map.Entry<Node, Count> e : next.entrySet()) {
                total.computeIfAbsent(e.getKey(), n -> new Count(0)).add(e.getValue());
            }
            level = next;
        }
        return total;
    }

    /** In-link counts over the pages within max-depth. */
    static Map<Node, Count> unique(Discovery found) {
        Map<Node, Count> total = new HashMap<>();
        total.put(found.start(), new Count(1));
        Set<Visit> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node page : found.nodes()) {
            Visit v = page.visitIfDone();
            if (page.depth() > found.maxDepth() || v == null || !counted.add(v)) {
                continue;
            }
            Links links = v.links();
            for (int i = 0; i < links.size(); i++) {
                total.computeIfAbsent(links.targets()[i], n -> new Count(0)).add(links.multiplicity()[i]);
            }
        }
        return total;
    }

    /**
     * For each URL but the start URL, the page it was reached through at its shallowest depth; of several such
     * pages, the first in URL order, so that the answer does not depend on which worker was faster.
     */
    static Map<Node, String> referrers(Discovery found) {
        Map<Node, String> referrers = new HashMap<>();
        for (Node page : found.nodes()) {
            Visit v = page.visitIfDone();
            int depth = page.depth();
            if (v == null || depth > found.maxDepth()) {
                continue;
            }
            String name = found.label(page);
            for (Node target : v.links().targets()) {
                if (target != found.start() && target.depth() == depth + 1) {
                    referrers.merge(target, name, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        return referrers;
    }

    /**
     * For each of {@code urls} (as the results print them), the fetched pages that link to it, sorted, each once.
     * A redirect's target shares the visit of the URL that was linked; such a page is listed once, by that name.
     */
    public static Map<String, List<String>> linkedFrom(Discovery found, Set<String> urls) {
        Map<String, List<String>> from = new HashMap<>();
        Set<Visit> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> pages = new ArrayList<>(found.nodes());
        pages.sort(Comparator.comparingInt(Node::depth).thenComparing(Node::url)); // the linked name comes first
        for (Node page : pages) {
            Visit v = page.visitIfDone();
            if (v == null || page.depth() > found.maxDepth() || !listed.add(v)) {
                continue;
            }
            for (Node target : v.links().targets()) {
                String url = found.label(target);
                if (urls.contains(url)) {
                    from.computeIfAbsent(url, u -> new ArrayList<>()).add(found.label(page));
                }
            }
        }
        from.values().forEach(list -> list.sort(null));
        return from;
    }

    private static Links linksOf(Node node) {
        Visit v = node.visitIfDone();
        return v == null ? Links.NONE : v.links();
    }
}
