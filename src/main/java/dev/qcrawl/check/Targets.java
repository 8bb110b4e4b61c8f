package dev.qcrawl.check;

import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.graph.Graph;
import dev.qcrawl.heap.HeapWatch;
import dev.qcrawl.links.PageLinks;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a link check looks at: every link on the pages the crawl expanded ({@code <a href>} links, resources, links
 * naming a fragment), each with the pages that make it. A page fetched under two names (a redirect and its target)
 * counts once, under the name reached first at the shallowest depth, as in the counts.
 *
 * @param links     each {@code <a href>} target, by URL id in the crawl's graph (the pages linking to each are
 *                  read from the graph when needed: {@code Counts.linkedFrom})
 * @param resources each resource link, with the pages that load it
 * @param fragments each link naming a fragment, with the pages that make it
 * @param depths    each page's depth, for the rows of resources and fragments
 */
record Targets(BitSet links, Map<String, Set<String>> resources,
        Map<PageLinks.FragmentLink, Set<String>> fragments, Map<String, Integer> depths) {

    static Targets of(Discovery found, PageTable pages) {
        Graph graph = found.graph();
        BitSet links = new BitSet(graph.size());
        Map<String, Set<String>> resources = new LinkedHashMap<>();
        Map<PageLinks.FragmentLink, Set<String>> fragments = new LinkedHashMap<>();
        Map<String, Integer> depths = new java.util.HashMap<>();
        for (String url : expanded(found)) {
            String name = found.label(url);
            depths.put(name, found.depth(url));
            graph.links(graph.page(graph.find(url)), (target, m) -> links.set(target));
            PageLinks read = pages.get(url);
            if (read != null) {
                for (String resource : read.resources()) {
                    resources.computeIfAbsent(resource, t -> new TreeSet<>()).add(name);
                }
                for (PageLinks.FragmentLink link : read.fragments()) {
                    fragments.computeIfAbsent(link, t -> new TreeSet<>()).add(name);
                }
            }
            HeapWatch.checkRoom();
        }
        return new Targets(links, resources, fragments, depths);
    }

    /**
     * Hands on every URL a link on an expanded page leads to: each {@code <a href>} target once, then the resources
     * and the pages that fragments are named on (which may repeat a URL handed on before). Made as they are handed
     * on, never all held at once.
     */
    void forEachUrl(Graph graph, Consumer<String> action) {
        for (int id = links.nextSetBit(0); id >= 0; id = links.nextSetBit(id + 1)) {
            action.accept(graph.url(id));
        }
        resources.keySet().forEach(action);
        for (PageLinks.FragmentLink f : fragments.keySet()) {
            action.accept(f.url());
        }
    }

    /** The pages within max-depth, each once under its name ({@link Discovery#pageNames}), by depth and then URL. */
    private static List<String> expanded(Discovery found) {
        record Named(int depth, String url) {
        }
        Graph graph = found.graph();
        List<Named> pages = new ArrayList<>();
        for (int id : found.pageNames()) {
            if (id >= 0) {
                pages.add(new Named(graph.depth(id), graph.url(id)));
            }
        }
        pages.sort(Comparator.comparingInt(Named::depth).thenComparing(Named::url));
        return pages.stream().map(Named::url).toList();
    }
}
