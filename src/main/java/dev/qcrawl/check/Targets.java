package dev.qcrawl.check;

import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.links.PageLinks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a link check looks at: every link on the pages the crawl expanded ({@code <a href>} links, resources, links
 * naming a fragment), each with the pages that make it. A page fetched under two names (a redirect and its target)
 * counts once, under the name reached first at the shallowest depth, as in the counts.
 *
 * @param links     each {@code <a href>} target, with the pages linking to it (as printed, sorted)
 * @param resources each resource link, with the pages that load it
 * @param fragments each link naming a fragment, with the pages that make it
 * @param depths    each page's depth, for the rows of resources and fragments
 */
record Targets(Map<String, Set<String>> links, Map<String, Set<String>> resources,
        Map<PageLinks.FragmentLink, Set<String>> fragments, Map<String, Integer> depths) {

    static Targets of(Discovery found, PageTable pages) {
        Map<String, Set<String>> links = new LinkedHashMap<>();
        Map<String, Set<String>> resources = new LinkedHashMap<>();
        Map<PageLinks.FragmentLink, Set<String>> fragments = new LinkedHashMap<>();
        Map<String, Integer> depths = new java.util.HashMap<>();
        for (Map.Entry<String, Visit> page : expanded(found)) {
            String url = page.getKey();
            String name = found.label(url);
            depths.put(name, found.depth(url));
            for (String target : page.getValue().links().targets()) {
                links.computeIfAbsent(target, t -> new TreeSet<>()).add(name);
            }
            PageLinks read = pages.get(url);
            if (read == null) {
                continue;
            }
            for (String resource : read.resources()) {
                resources.computeIfAbsent(resource, t -> new TreeSet<>()).add(name);
            }
            for (PageLinks.FragmentLink link : read.fragments()) {
                fragments.computeIfAbsent(link, t -> new TreeSet<>()).add(name);
            }
        }
        return new Targets(links, resources, fragments, depths);
    }

    /** Every URL a link on an expanded page leads to, each once. */
    Set<String> urls() {
        Set<String> urls = new java.util.LinkedHashSet<>(links.keySet());
        urls.addAll(resources.keySet());
        for (PageLinks.FragmentLink f : fragments.keySet()) {
            urls.add(f.url());
        }
        return urls;
    }

    /** The pages within max-depth, each visit once, in order of depth and then URL. */
    private static List<Map.Entry<String, Visit>> expanded(Discovery found) {
        List<Map.Entry<String, Visit>> pages = new ArrayList<>();
        for (Map.Entry<String, Visit> e : found.visits().entrySet()) {
            if (found.depth(e.getKey()) <= found.maxDepth()) {
                pages.add(e);
            }
        }
        pages.sort(Comparator.<Map.Entry<String, Visit>>comparingInt(e -> found.depth(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        Set<Visit> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        pages.removeIf(e -> !seen.add(e.getValue()));
        return pages;
    }
}
