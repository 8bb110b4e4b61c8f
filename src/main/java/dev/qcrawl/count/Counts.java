package dev.qcrawl.count;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Mode;
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
 * Counts over a discovered link graph, kept apart from the crawl that discovered it:
 * <ul>
 * <li>walk mode, the tutorial's numbers: the number of link paths of up to max-depth hops from the start URL that
 * end at each URL, repeats of a link included, by dynamic programming over the depths;</li>
 * <li>unique mode: the number of links to each URL on the fetched pages (a page fetched under two names, a
 * redirect and its target, counts once), plus one for the start URL.</li>
 * </ul>
 * Counts are exact at any depth: a {@code long} while it fits, a {@link java.math.BigInteger} after that.
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
        Map<String, Count> counts = mode == Mode.WALK ? walk(found) : unique(found);
        Map<String, String> referrers = withReferrers ? referrers(found) : Map.of();
        List<UrlStats> rows = new ArrayList<>(counts.size());
        counts.forEach((url, count) -> {
            Visit v = found.visits().get(url);
            rows.add(new UrlStats(found.label(url), count.value(), v == null ? null : v.status(), found.depth(url),
                    v == null ? null : v.contentType(), v == null ? null : v.error(), referrers.get(url),
                    sitemaps ? found.roots().contains(url) : null));
        });
        rows.sort(Comparator.comparing(UrlStats::count).reversed().thenComparing(UrlStats::url));
        return new CrawlResult(found.startLabel(), List.copyOf(rows), found.pagesFetched(), found.failures(),
                found.elapsed(), found.startFailed(), found.stopReason(), sitemaps, orphans(found));
    }

    /** The sitemap URLs (as printed) that no fetched page links to. */
    static Set<String> orphans(Discovery found) {
        if (found.roots().isEmpty()) {
            return Set.of();
        }
        Set<String> linked = new java.util.HashSet<>();
        found.visits().forEach((page, v) -> {
            if (found.depth(page) <= found.maxDepth()) {
                linked.addAll(List.of(v.links().targets()));
            }
        });
        Set<String> orphans = new java.util.TreeSet<>();
        for (String root : found.roots()) {
            if (!linked.contains(root)) {
                orphans.add(found.label(root));
            }
        }
        return orphans;
    }

    /** The roots of the walk: the start URL and the sitemap URLs, each once. */
    private static Set<String> roots(Discovery found) {
        Set<String> roots = new java.util.LinkedHashSet<>();
        roots.add(found.start());
        roots.addAll(found.roots());
        return roots;
    }

    /** Path counts: level k holds the paths of k-1 hops; pages at levels up to max-depth were fetched. */
    static Map<String, Count> walk(Discovery found) {
        Map<String, Count> total = new HashMap<>();
        Map<String, Count> level = new HashMap<>();
        for (String root : roots(found)) {
            level.put(root, new Count(1));
            total.put(root, new Count(1));
        }
        for (int depth = 1; depth <= found.maxDepth() && !level.isEmpty(); depth++) {
            Map<String, Count> next = new HashMap<>(level.size() * 4);
            for (Map.Entry<String, Count> e : level.entrySet()) {
                Links links = linksOf(found, e.getKey());
                Count paths = e.getValue();
                for (int i = 0; i < links.size(); i++) {
                    next.computeIfAbsent(links.targets()[i], n -> new Count(0)).addProduct(paths,
                            links.multiplicity()[i]);
                }
            }
            for (Map.Entry<String, Count> e : next.entrySet()) {
                total.computeIfAbsent(e.getKey(), n -> new Count(0)).add(e.getValue());
            }
            level = next;
        }
        return total;
    }

    /** In-link counts over the pages within max-depth. */
    static Map<String, Count> unique(Discovery found) {
        Map<String, Count> total = new HashMap<>();
        for (String root : roots(found)) {
            total.put(root, new Count(1));
        }
        Set<Visit> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Visit> page : found.visits().entrySet()) {
            Visit v = page.getValue();
            if (found.depth(page.getKey()) > found.maxDepth() || !counted.add(v)) {
                continue; // not expanded, or the same page under a second name (a redirect's target)
            }
            Links links = v.links();
            for (int i = 0; i < links.size(); i++) {
                total.computeIfAbsent(links.targets()[i], n -> new Count(0)).add(links.multiplicity()[i]);
            }
        }
        return total;
    }

    /**
     * The pages within max-depth, each once: a redirect's target shares the visit of the URL that was linked (or
     * an equal one, loaded in another process), and such a page is named by the URL reached first in URL order at
     * the shallowest depth.
     */
    private static Map<String, Visit> expandedPages(Discovery found) {
        List<String> urls = new ArrayList<>();
        found.visits().forEach((url, v) -> {
            if (found.depth(url) <= found.maxDepth()) {
                urls.add(url);
            }
        });
        urls.sort(Comparator.comparingInt(found::depth).thenComparing(Comparator.naturalOrder()));
        Set<Visit> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Visit> pages = new HashMap<>();
        for (String url : urls) {
            Visit v = found.visits().get(url);
            if (seen.add(v)) {
                pages.put(url, v);
            }
        }
        return pages;
    }

    /**
     * For each URL but the start URL, the page it was reached through at its shallowest depth; of several such
     * pages, the first in URL order, so that the answer does not depend on which worker was faster.
     */
    static Map<String, String> referrers(Discovery found) {
        Map<String, String> referrers = new HashMap<>();
        found.visits().forEach((page, v) -> {
            int depth = found.depth(page);
            if (depth > found.maxDepth()) {
                return;
            }
            String name = found.label(page);
            for (String target : v.links().targets()) {
                if (!target.equals(found.start()) && found.depth(target) == depth + 1) {
                    referrers.merge(target, name, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        });
        return referrers;
    }

    /** For each of {@code urls} (as the results print them), the fetched pages that link to it, sorted, each once. */
    public static Map<String, List<String>> linkedFrom(Discovery found, Set<String> urls) {
        Map<String, List<String>> from = new HashMap<>();
        expandedPages(found).forEach((page, v) -> {
            for (String target : v.links().targets()) {
                String url = found.label(target);
                if (urls.contains(url)) {
                    from.computeIfAbsent(url, u -> new ArrayList<>()).add(found.label(page));
                }
            }
        });
        from.values().forEach(list -> list.sort(null));
        return from;
    }

    private static Links linksOf(Discovery found, String url) {
        Visit v = found.visits().get(url);
        return v == null ? Links.NONE : v.links();
    }
}
