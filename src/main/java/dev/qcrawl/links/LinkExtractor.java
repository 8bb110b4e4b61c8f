package dev.qcrawl.links;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the links of an HTML page with jsoup: every {@code <a href>}, resolved against the page's URL (or its
 * {@code <base href>}) and normalized. Links that are not http(s) - {@code javascript:}, {@code mailto:},
 * {@code tel:}, {@code data:} - and hrefs that do not resolve are dropped. The charset is the one given (from the
 * Content-Type header), else the page's BOM or {@code <meta>}, else detected.
 *
 * <p>Cheap on the hot path: a page whose charset is evident from its bytes ({@link PageCharset}: plain ASCII, or
 * UTF-8 declared and nothing else) is parsed once (jsoup otherwise parses its first 5 KB twice to look for a
 * {@code <meta>} charset); one walk of the elements finds the anchors and the base; and each distinct href of a
 * page is resolved and normalized once (its fragment cut first, as normalization drops it).
 */
public final class LinkExtractor {
    /** What an href stands for when it gives no link (not http(s), does not resolve). */
    private static final String NO_LINK = new String("");

    private final UrlNormalizer normalizer;

    public LinkExtractor(UrlNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** Loads the parser's classes ahead of time, on a spare core, to shorten start-up. */
    public static void warmUp() {
        try {
            new LinkExtractor(new UrlNormalizer()).links("<a href='x'>x</a><a href='/%7Ey z'>y</a>"
                    .getBytes(StandardCharsets.UTF_8), null, "http://localhost/");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The page's links in document order, repeats included. Never throws on malformed input.
     *
     * @throws InterruptedException if the thread was interrupted: jsoup then reads the input as ended, so the
     *                              links found would be those of the start of the page only
     */
    public List<String> links(byte[] body, Charset charset, String pageUrl) throws InterruptedException {
        Document doc = parse(body, charset, pageUrl);
        if (doc == null) {
            return List.of();
        }
        Anchors anchors = new Anchors(false);
        anchors.walk(doc);
        Resolver.Base against = against(anchors, pageUrl);
        Map<String, String> known = new HashMap<>();
        return resolve(against, anchors.hrefs, known, new ArrayList<>(anchors.hrefs.size()));
    }

    /**
     * What a link check reads from the page: its {@code <a href>} links (as {@link #links}), the resources it loads,
     * its links that name a fragment, and the fragments it offers. Never throws on malformed input.
     *
     * @throws InterruptedException as {@link #links}
     */
    public PageLinks page(byte[] body, Charset charset, String pageUrl) throws InterruptedException {
        Document doc = parse(body, charset, pageUrl);
        if (doc == null) {
            return PageLinks.NONE;
        }
        Anchors anchors = new Anchors(true);
        anchors.walk(doc);
        Resolver.Base against = against(anchors, pageUrl);
        Map<String, String> known = new HashMap<>();
        List<String> links = resolve(against, anchors.hrefs, known, new ArrayList<>(anchors.hrefs.size()));
        List<String> resources = resources(against, anchors.resources, known, anchors.hrefs);
        Set<PageLinks.FragmentLink> fragments = new LinkedHashSet<>();
        for (String raw : anchors.fragmentHrefs) {
            String href = raw.strip();
            int hash = href.indexOf('#');
            String fragment = Fragments.checkable(href.substring(hash + 1));
            if (fragment == null) {
                continue;
            }
            String url = known.computeIfAbsent(href.substring(0, hash), h -> link(against, h));
            if (url != NO_LINK) {
                fragments.add(new PageLinks.FragmentLink(url, fragment));
            }
        }
        return new PageLinks(links, resources, List.copyOf(fragments), Set.copyOf(anchors.ids));
    }

    /**
     * What a stylesheet loads ({@link CssUrls}: its imports, images, fonts), resolved against its URL as a page's
     * resources are; the body is read as {@code charset}, else as UTF-8 (CSS's default, and what a BOM or an
     * {@code @charset} other than UTF-8 rarely changes for the ASCII of URLs); {@code cut}: cut short at
     * {@code --max-body}, read up to its last complete statement. What it loads is all a stylesheet holds: it has
     * no links to follow and no fragments.
     */
    public PageLinks stylesheet(byte[] body, Charset charset, String url, boolean cut) {
        String css = new String(body, charset != null ? charset : StandardCharsets.UTF_8);
        return new PageLinks(List.of(), resources(Resolver.against(url), cut ? CssUrls.ofCut(css) : CssUrls.of(css),
                new HashMap<>(), List.of()), List.of(), Set.of());
    }

    /**
     * The distinct links of {@code raws}, resolved ({@code known} caches them), and each http(s) link of them or of
     * {@code hrefs} that no browser could follow either ("http://bad host/", "https://"): a broken link to the check,
     * kept as written (resolved), where the crawl drops it.
     */
    private List<String> resources(Resolver.Base against, List<String> raws, Map<String, String> known,
            List<String> hrefs) {
        Set<String> all = new LinkedHashSet<>(resolve(against, raws, known, new ArrayList<>(raws.size())));
        for (List<String> some : List.of(hrefs, raws)) {
            for (String raw : some) {
                if (known.get(raw) == NO_LINK) {
                    String written = written(against, raw);
                    if (UrlNormalizer.isHttp(written) && UrlNormalizer.unusable(written)) {
                        all.add(withoutControls(written));
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /** The fragments an HTML page offers (every {@code id}, each {@code <a name>}); none if it does not parse. */
    public Set<String> ids(byte[] body, Charset charset, String pageUrl) throws InterruptedException {
        Document doc = parse(body, charset, pageUrl);
        if (doc == null) {
            return Set.of();
        }
        Anchors anchors = new Anchors(true);
        anchors.walk(doc);
        return Set.copyOf(anchors.ids);
    }

    private static Document parse(byte[] body, Charset charset, String pageUrl) throws InterruptedException {
        Document doc;
        try {
            Charset known = charset != null ? charset : PageCharset.evident(body);
            doc = Jsoup.parse(new ByteArrayInputStream(body), known == null ? null : known.name(), pageUrl);
            if (known == null && declaredUtf16(doc.charset()) && !utf16Bom(body)) {
                // A <meta> named UTF-16 and no byte-order mark says so: the HTML standard's prescan reads the page as
                // UTF-8 (a page saved as "Unicode" and then as UTF-8), where jsoup followed it into unreadable text.
                doc = Jsoup.parse(new ByteArrayInputStream(body), StandardCharsets.UTF_8.name(), pageUrl);
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            doc = null;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("the page's parse was cut short by an interrupt");
        }
        return doc;
    }

    private static boolean declaredUtf16(Charset charset) {
        return charset.equals(StandardCharsets.UTF_16) || charset.equals(StandardCharsets.UTF_16BE)
                || charset.equals(StandardCharsets.UTF_16LE);
    }

    private static boolean utf16Bom(byte[] body) {
        return body.length >= 2 && ((body[0] == (byte) 0xfe && body[1] == (byte) 0xff)
                || (body[0] == (byte) 0xff && body[1] == (byte) 0xfe));
    }

    private static Resolver.Base against(Anchors anchors, String pageUrl) {
        // The first <base href> applies to every link, even to those before it.
        String base = pageUrl;
        if (anchors.base != null) {
            String resolved = Resolver.resolve(pageUrl, anchors.base.strip());
            if (UrlNormalizer.isHttp(resolved)) {
                base = resolved;
            }
        }
        return Resolver.against(base);
    }

    /** Adds the link of each of {@code hrefs} that gives one to {@code links}; {@code known} caches them. */
    private List<String> resolve(Resolver.Base against, List<String> hrefs, Map<String, String> known,
            List<String> links) {
        for (String raw : hrefs) {
            String url = known.get(raw);
            if (url == null) {
                url = link(against, raw);
                known.put(raw, url);
            }
            if (url != NO_LINK) {
                links.add(url);
            }
        }
        return links;
    }

    /** The normalized link of one href, or {@link #NO_LINK}. */
    private String link(Resolver.Base against, String raw) {
        String href = raw.strip();
        if (href.regionMatches(true, 0, "javascript:", 0, 11)) {
            return NO_LINK;
        }
        String url = normalizer.normalize(written(against, href));
        return url == null ? NO_LINK : url;
    }

    /** {@code s} with each control character percent-encoded, so that every output format can show it. */
    private static String withoutControls(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == 0x7f) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** An href resolved, without its fragment and not normalized. */
    private static String written(Resolver.Base against, String raw) {
        String href = raw.strip();
        int hash = href.indexOf('#');
        return against.resolve(hash < 0 ? href : href.substring(0, hash));
    }

    /**
     * One pre-order walk over the elements: the href of each {@code <a>} in document order, and the first
     * {@code <base href>}. Elements only (text and comments are most of a page's nodes), by plain recursion: the
     * tree is at most jsoup's maximum depth (512) deep, and this costs about 60% of a {@code NodeVisitor} traversal.
     */
    private static final class Anchors {
        final List<String> hrefs = new ArrayList<>();
        /** With {@code full}: resource links, hrefs that name a fragment, and the fragments the page offers. */
        final boolean full;
        final List<String> resources = new ArrayList<>();
        final List<String> fragmentHrefs = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        String base;

        Anchors(boolean full) {
            this.full = full;
        }

        /** How many {@code <template>} elements the walk is inside: their content is inert, no fragment target. */
        private int templates;

        void walk(Element element) {
            boolean anchor = element.nameIs("a");
            if (anchor || (base == null && element.nameIs("base"))) {
                Attributes attributes = element.attributes();
                if (attributes.hasKey("href")) {
                    if (anchor) {
                        String href = attributes.get("href");
                        hrefs.add(href);
                        if (full && href.indexOf('#') >= 0) {
                            fragmentHrefs.add(href);
                        }
                    } else {
                        base = attributes.get("href");
                    }
                }
            }
            boolean template = full && element.nameIs("template"); // only ids care (read in full)
            if (full) {
                Attributes attributes = element.attributes();
                if (templates == 0) { // a browser does not scroll to an element of a template's (inert) content
                    String id = attributes.get("id");
                    if (!id.isEmpty()) {
                        ids.add(id);
                    }
                    if (anchor && attributes.hasKey("name")) {
                        ids.add(attributes.get("name"));
                    }
                }
                Resources.of(element, resources, hrefs, fragmentHrefs);
            }
            if (template) {
                templates++;
            }
            for (int i = 0, n = element.childNodeSize(); i < n; i++) {
                if (element.childNode(i) instanceof Element child) {
                    walk(child);
                }
            }
            if (template) {
                templates--;
            }
        }
    }
}
