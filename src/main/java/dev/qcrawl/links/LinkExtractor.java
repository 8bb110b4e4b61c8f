package dev.qcrawl.links;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Finds the links of an HTML page with jsoup: every {@code <a href>}, resolved against the page's URL (or its
 * {@code <base href>}) and normalized. Links that are not http(s) - {@code javascript:}, {@code mailto:},
 * {@code tel:}, {@code data:} - and hrefs that do not resolve are dropped. The charset is the one given (from the
 * Content-Type header), else the page's BOM or {@code <meta>}, else detected.
 */
public final class LinkExtractor {
    private final UrlNormalizer normalizer;

    public LinkExtractor(UrlNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** Loads the parser's classes ahead of time, on a spare core, to shorten start-up. */
    public static void warmUp() {
        new LinkExtractor(new UrlNormalizer()).links("<a href='x'>x</a><a href='/%7Ey z'>y</a>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), null, "http://localhost/");
    }

    /** The page's links in document order, repeats included. Never throws on malformed input. */
    public List<String> links(byte[] body, Charset charset, String pageUrl) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(body), charset == null ? null : charset.name(), pageUrl);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return List.of();
        }
        // One walk of the document finds both; the first <base href> applies to every link, even earlier ones.
        Elements tagged = doc.select("a[href], base[href]");
        String base = pageUrl;
        for (Element element : tagged) {
            if (element.nameIs("base")) {
                String resolved = resolve(pageUrl, element.attr("href"));
                if (UrlNormalizer.isHttp(resolved)) {
                    base = resolved;
                }
                break;
            }
        }
        Resolver.Base against = Resolver.against(base);
        List<String> links = new ArrayList<>();
        for (Element anchor : tagged) {
            if (!anchor.nameIs("a")) {
                continue;
            }
            String href = anchor.attr("href").strip();
            if (href.regionMatches(true, 0, "javascript:", 0, 11)) {
                continue;
            }
            String url = normalizer.normalize(against.resolve(href));
            if (url != null) {
                links.add(url);
            }
        }
        return links;
    }

    private static String resolve(String base, String href) {
        return Resolver.resolve(base, href.strip());
    }
}
