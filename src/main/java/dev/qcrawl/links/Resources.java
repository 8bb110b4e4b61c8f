package dev.qcrawl.links;

import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Element;

/**
 * The links an element makes besides {@code <a href>}: what a browser loads or a reader follows from it. Images
 * ({@code src}, {@code srcset}), {@code source}, scripts, {@code link href} (stylesheets, icons, preloads,
 * manifests, ...; not the {@code preconnect} and {@code dns-prefetch} hints, which name an origin, not a
 * resource), frames (and their {@code longdesc}), media and their posters and tracks, {@code object data},
 * {@code input src}, {@code body background}, {@code html manifest}, the {@code cite} of quotes and edits,
 * inline SVG's {@code image} and {@code use} (their {@code href} or {@code xlink:href}) and {@code a xlink:href},
 * and what the CSS of a {@code <style>} element or a {@code style} attribute loads ({@link CssUrls}). The pages a
 * reader is taken to as by {@code <a href>} go to {@code pages}: a frame's or iframe's {@code src}, an
 * {@code area href} (a link of an image map) and the URL of a {@code meta http-equiv=refresh}.
 */
final class Resources {
    private Resources() {
    }

    /**
     * Adds the element's resource links to {@code out}, the pages it leads to to {@code pages}, and an
     * {@code area href} naming a fragment to {@code fragments}.
     */
    static void of(Element element, List<String> out, List<String> pages, List<String> fragments) {
        if (element.nameIs("style")) {
            out.addAll(CssUrls.of(element.data())); // what its rules load: backgrounds, fonts, imports
        }
        Attributes a = element.attributes();
        if (a.size() == 0) {
            return;
        }
        String style = a.get("style");
        if (!style.isEmpty()) {
            out.addAll(CssUrls.of(style));
        }
        switch (element.normalName()) {
            case "img", "source" -> {
                add(a, "src", out);
                if (a.hasKey("srcset")) {
                    out.addAll(Srcset.urls(a.get("srcset")));
                }
            }
            case "script", "track", "embed" -> add(a, "src", out);
            case "iframe", "frame" -> {
                add(a, "src", pages);
                add(a, "longdesc", out);
            }
            case "input" -> add(a, "src", out); // an image button
            case "body" -> add(a, "background", out);
            case "html" -> add(a, "manifest", out);
            case "blockquote", "q", "del", "ins" -> add(a, "cite", out); // the source quoted or the change's reason
            // Inline SVG: an image it draws, a symbol it uses from another file (not one of this page: "#id"), and a
            // link written in SVG 1.1's way (the crawl follows the href of <a> alone, as the tutorial does).
            case "image" -> add(a, a.hasKey("href") ? "href" : "xlink:href", out);
            case "use" -> {
                String href = a.hasKey("href") ? a.get("href") : a.get("xlink:href");
                if (!href.isBlank() && !href.strip().startsWith("#")) {
                    out.add(href);
                }
            }
            case "a" -> {
                if (!a.hasKey("href")) {
                    add(a, "xlink:href", out);
                }
            }
            case "video", "audio" -> {
                add(a, "src", out);
                add(a, "poster", out);
            }
            case "object" -> add(a, "data", out);
            case "area" -> {
                add(a, "href", pages);
                if (a.get("href").indexOf('#') >= 0) {
                    fragments.add(a.get("href"));
                }
            }
            case "link" -> {
                if (!hint(a.get("rel"))) {
                    add(a, "href", out);
                }
            }
            case "meta" -> {
                if (a.get("http-equiv").strip().equalsIgnoreCase("refresh")) {
                    String url = refreshUrl(a.get("content"));
                    if (url != null) {
                        pages.add(url);
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void add(Attributes a, String key, List<String> out) {
        String value = a.get(key);
        if (!value.isBlank()) {
            out.add(value);
        }
    }

    /** {@code rel} names only connection hints: an origin to warm up, nothing to fetch. */
    private static boolean hint(String rel) {
        String[] words = rel.toLowerCase(Locale.ROOT).strip().split("\\s+");
        for (String word : words) {
            if (!word.equals("preconnect") && !word.equals("dns-prefetch")) {
                return false;
            }
        }
        return !rel.isBlank();
    }

    /**
     * The URL of a refresh's {@code content} ({@code "5; url=page.html"}, {@code "0;URL='x'"}), as the HTML
     * standard's "shared declarative refresh steps" read it; null when it names none.
     */
    static String refreshUrl(String content) {
        String s = content.strip();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return null;
        }
        s = s.substring(i).stripLeading();
        if (s.startsWith(";") || s.startsWith(",")) {
            s = s.substring(1).stripLeading();
        } else if (!s.isEmpty()) {
            return null;
        }
        if (s.regionMatches(true, 0, "url", 0, 3)) {
            String rest = s.substring(3).stripLeading();
            if (rest.startsWith("=")) {
                s = rest.substring(1).stripLeading();
            }
        }
        if (!s.isEmpty() && (s.charAt(0) == '"' || s.charAt(0) == '\'')) {
            char quote = s.charAt(0);
            int end = s.indexOf(quote, 1);
            s = end < 0 ? s.substring(1) : s.substring(1, end);
        }
        return s.isBlank() ? null : s;
    }
}
