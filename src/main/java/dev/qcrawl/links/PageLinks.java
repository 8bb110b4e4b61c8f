package dev.qcrawl.links;

import java.util.List;
import java.util.Set;

/**
 * Everything a link check reads from one HTML page, beyond its {@code <a href>} links: the resources it loads,
 * the links that name a fragment, and the fragments it offers. Kept beside the crawl's graph, never in it, so the
 * counts do not change.
 *
 * @param links     the {@code <a href>} links, normalized, in document order, repeats included (what the crawl
 *                  follows)
 * @param resources the other links the page makes (images, stylesheets, scripts, frames, media, {@code area},
 *                  meta refresh, ...), normalized, each once; then each http(s) link of the page, {@code <a href>}
 *                  or resource, that no browser could follow ({@link UrlNormalizer#unusable}: {@code https://},
 *                  {@code http://bad host/}), as written (resolved, without its fragment, control characters
 *                  percent-encoded): the check lists it as {@code bad-url} without a request
 * @param fragments the links that name a fragment, each once
 * @param ids       the fragments this page offers: every {@code id}, and the {@code name} of each {@code <a>}
 */
public record PageLinks(List<String> links, List<String> resources, List<FragmentLink> fragments, Set<String> ids) {
    public static final PageLinks NONE = new PageLinks(List.of(), List.of(), List.of(), Set.of());

    /** A link to {@code url} (normalized, without its fragment) that names {@code fragment} (percent-decoded). */
    public record FragmentLink(String url, String fragment) {
        /** The link as printed: the URL with its fragment. */
        public String label() {
            return url + "#" + fragment;
        }
    }
}
