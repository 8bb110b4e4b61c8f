package dev.qcrawl.draw;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.qcrawl.count.Counts;
import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.UrlStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The HTML report: one self-contained page (its styles, scripts and data inline, a Content-Security-Policy that
 * lets it load nothing) with the summary, the site drawn with Cytoscape.js, charts and the broken links.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    /** The drawing library and the report's own style and script, read once from the classpath. */
    private static final class Assets {
        static final String LIBRARY;
        static final String LIBRARY_VERSION;
        static final String STYLE = resource("dev/qcrawl/draw/report.css");
        static final String SCRIPT = resource("dev/qcrawl/draw/report.js");

        static {
            Properties library = new Properties();
            try (InputStream in = resourceStream("dev/qcrawl/draw/library.properties")) {
                library.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LIBRARY = resource(library.getProperty("script"));
            LIBRARY_VERSION = library.getProperty("version");
            if (LIBRARY.toLowerCase(Locale.ROOT).contains("</script")) {
                throw new IllegalStateException("the drawing library cannot be inlined: it contains </script");
            }
        }

        private static InputStream resourceStream(String name) throws IOException {
            InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException("missing from the classpath: " + name + " (build with mvn package)");
            }
            return in;
        }

        private static String resource(String name) {
            try (InputStream in = resourceStream(name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void write(Drawing drawing, CrawlResult result, SiteGraph graph, Writer out) throws IOException {
        write(drawing, result, graph, Layout.of(graph, Layout.MAX_NODES, Layout.MAX_EDGES), out);
    }

    static void write(Drawing drawing, CrawlResult result, SiteGraph graph, Layout.Drawn drawn, Writer out)
            throws IOException {
        List<UrlStats> rows = graph.nodes();
        Set<String> brokenUrls = new HashSet<>();
        rows.stream().filter(drawing.broken()).forEach(r -> brokenUrls.add(r.url()));
        Map<String, List<String>> linkedFrom = drawing.linkedFrom() != null ? drawing.linkedFrom()
                : Counts.linkedFrom(drawing.found(), brokenUrls);
        String start = result.startUrl();

        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.write("<link rel=\"icon\" href=\"data:,\">\n");
        out.write("<title>qcrawl report: " + Html.text(start) + "</title>\n<style>\n");
        out.write(Assets.STYLE);
        out.write("</style>\n</head>\n<body>\n<header><h1>qcrawl report</h1><p class=\"start\">"
                + Html.text(start) + "</p></header>\n");
        summary(drawing, result, rows.size(), brokenUrls.size(), out);
        graphSection(graph, drawn, out);
        out.write("<section id=\"charts\"><h2>URLs by status, depth and content type</h2><div class=\"charts\">\n");
        out.write(Charts.svg("chart-status", "Status", Charts.statuses(rows, drawing.broken())));
        out.write(Charts.svg("chart-depth", "Depth", Charts.depths(rows)));
        out.write(Charts.svg("chart-type", "Content type", Charts.contentTypes(rows)));
        out.write("\n</div></section>\n");
        brokenSection(rows, brokenUrls, linkedFrom, out);
        out.write("<footer>Made by qcrawl; drawn with Cytoscape.js " + Html.text(Assets.LIBRARY_VERSION)
                + " (MIT licence, included in the script below).</footer>\n");
        out.write("<script type=\"application/json\" id=\"qcrawl-data\">");
        data(result, graph, drawn, drawing.broken(), out);
        out.write("</script>\n<script>\n");
        out.write(Assets.LIBRARY);
        out.write("\n</script>\n<script>\n");
        out.write(Assets.SCRIPT);
        out.write("</script>\n</body>\n</html>\n");
    }

    private static void summary(Drawing drawing, CrawlResult result, int urls, int broken, Writer out)
            throws IOException {
        out.write("<section id=\"summary\"><h2>Summary</h2><dl>\n");
        item(out, "Start URL", result.startUrl());
        item(out, "Mode", drawing.mode() == Mode.WALK ? "walk (counts are link paths from the start URL)"
                : "unique (counts are links on the fetched pages)");
        item(out, "Max depth", Integer.toString(drawing.found().maxDepth()));
        item(out, "Pages fetched", Long.toString(result.pagesFetched()));
        item(out, "Failures", Long.toString(result.failures()));
        item(out, "URLs listed", Integer.toString(urls));
        item(out, "Broken links", Integer.toString(broken));
        item(out, "Elapsed", String.format(Locale.ROOT, "%.2f s", result.elapsed().toNanos() / 1e9));
        item(out, "Stopped early", result.stopReason() == null ? "no, the crawl finished"
                : "yes: " + result.stopReason());
        out.write("</dl></section>\n");
    }

    private static void item(Writer out, String term, String value) throws IOException {
        out.write("<div><dt>" + Html.text(term) + "</dt><dd>" + Html.text(value) + "</dd></div>\n");
    }

    private static void graphSection(SiteGraph graph, Layout.Drawn drawn, Writer out) throws IOException {
        out.write("<section id=\"site\"><h2>The site as a graph</h2>\n<p class=\"note\" id=\"drawn-note\">");
        out.write(Html.text(note(graph, drawn)));
        out.write("</p>\n<div class=\"toolbar\"><input id=\"search\" type=\"search\" placeholder=\"Search URLs\""
                + " aria-label=\"Search URLs\" autocomplete=\"off\"> <span id=\"search-count\"></span>"
                + " <button type=\"button\" id=\"fit\">Fit</button></div>\n<ol id=\"search-results\"></ol>\n");
        out.write("<div class=\"graph-wrap\"><div id=\"graph\" role=\"img\" aria-label=\"The site's link graph\">"
                + "</div>\n<aside id=\"details\"><p class=\"hint\">Click a page to see its URL, status, depth, count"
                + " and links.</p></aside></div>\n<ul class=\"legend\">");
        for (StatusClass c : StatusClass.values()) {
            out.write("<li><span class=\"swatch\" style=\"background:" + c.colour() + "\"></span>"
                    + Html.text(c.meaning()) + "</li>");
        }
        out.write("<li>Size: count (log scale). Rings: depth, the start URL at the centre.</li></ul>\n</section>\n");
    }

    /** What the drawing shows and leaves out, in words. */
    static String note(SiteGraph graph, Layout.Drawn drawn) {
        int total = graph.nodes().size();
        StringBuilder note = new StringBuilder();
        if (drawn.nodes().length == total) {
            note.append("All ").append(total).append(total == 1 ? " URL is" : " URLs are").append(" drawn");
        } else {
            note.append("The drawing shows the ").append(drawn.nodes().length).append(" shallowest of ").append(total)
                    .append(" URLs (by depth, then the most counted):");
            String sep = " ";
            for (Layout.Ring ring : drawn.rings()) {
                if (ring.drawn() == ring.pages()) {
                    note.append(sep).append("depth ").append(ring.depth()).append(" in full (").append(ring.pages())
                            .append(')');
                } else {
                    note.append(sep).append("depth ").append(ring.depth()).append(": ").append(ring.drawn())
                            .append(" of ").append(ring.pages());
                }
                sep = ", ";
            }
            note.append(". The ").append(total - drawn.nodes().length)
                    .append(" left out are in the search, the charts and the broken links");
        }
        note.append("; ").append(drawn.edges().length).append(" of the ").append(drawn.linksBetweenDrawn())
                .append(" links between drawn pages are drawn");
        if (drawn.edges().length < drawn.linksBetweenDrawn()) {
            note.append(" (those leading one ring outwards first)");
        }
        return note.append(". Links of a page to itself are listed, not drawn.").toString();
    }

    private static void brokenSection(List<UrlStats> rows, Set<String> brokenUrls,
            Map<String, List<String>> linkedFrom, Writer out)
            throws IOException {
        List<UrlStats> broken = rows.stream().filter(r -> brokenUrls.contains(r.url())).toList();
        out.write("<section id=\"broken-links\"><h2>Broken links (" + broken.size() + ")</h2>\n");
        if (broken.isEmpty()) {
            out.write("<p class=\"note\">No broken links were found.</p></section>\n");
            return;
        }
        out.write("<div class=\"toolbar\"><input id=\"broken-filter\" type=\"search\" placeholder=\"Filter\""
                + " aria-label=\"Filter the broken links\" autocomplete=\"off\"> <span id=\"broken-count\"></span></div>\n"
                + "<table id=\"broken\"><thead><tr>"
                + "<th data-type=\"text\" aria-sort=\"none\"><button type=\"button\">URL</button></th>"
                + "<th data-type=\"text\" aria-sort=\"none\"><button type=\"button\">Status</button></th>"
                + "<th data-type=\"number\" aria-sort=\"none\"><button type=\"button\">Depth</button></th>"
                + "<th data-type=\"number\" aria-sort=\"none\"><button type=\"button\">Linked from</button></th>"
                + "</tr></thead>\n<tbody>\n");
        StringBuilder row = new StringBuilder(512);
        for (UrlStats url : broken) {
            List<String> from = linkedFrom.getOrDefault(url.url(), List.of());
            String status = url.brokenAs();
            row.setLength(0);
            row.append("<tr><td class=\"url\">").append(Html.text(url.url())).append("</td><td data-sort=\"")
                    .append(Html.text(status)).append("\">").append(Html.text(status)).append("</td><td data-sort=\"")
                    .append(url.depth()).append("\">").append(url.depth()).append("</td><td data-sort=\"")
                    .append(from.size()).append("\">");
            if (from.isEmpty()) {
                row.append("0 pages (a start URL)");
            } else {
                row.append("<details><summary>").append(from.size()).append(from.size() == 1 ? " page" : " pages")
                        .append("</summary><ul>");
                for (String page : from) {
                    row.append("<li>").append(Html.text(page)).append("</li>");
                }
                row.append("</ul></details>");
            }
            out.write(row.append("</td></tr>\n").toString());
        }
        out.write("</tbody></table></section>\n");
    }

    /**
     * Writes the data the script draws from, as JSON safe inside a script element ({@code <} escaped everywhere),
     * as it is made: the whole graph is never held as text.
     */
    static void data(CrawlResult result, SiteGraph graph, Layout.Drawn drawn,
            java.util.function.Predicate<UrlStats> broken, Writer out) throws IOException {
        List<UrlStats> nodes = graph.nodes();
        Map<String, Integer> types = new HashMap<>();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setCharacterEscapes(NO_TAGS);
            json.writeStartObject();
            int start = -1;
            json.writeArrayFieldStart("urls");
            for (int i = 0; i < nodes.size(); i++) {
                json.writeString(nodes.get(i).url());
                if (nodes.get(i).url().equals(result.startUrl())) {
                    start = i;
                }
            }
            json.writeEndArray();
            json.writeNumberField("start", start);
            json.writeArrayFieldStart("status");
            for (UrlStats node : nodes) {
                if (node.status() == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(node.status());
                }
            }
            json.writeEndArray();
            json.writeArrayFieldStart("error");
            for (UrlStats node : nodes) {
                json.writeString(node.error() == null ? null : node.error().label());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("depth");
            for (UrlStats node : nodes) {
                json.writeNumber(node.depth());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("count"); // strings: a walk count may pass what a double holds exactly
            for (UrlStats node : nodes) {
                json.writeString(node.count().toString());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("type");
            for (UrlStats node : nodes) {
                if (node.contentType() == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(types.computeIfAbsent(node.contentType(), t -> types.size()));
                }
            }
            json.writeEndArray();
            String[] typeNames = new String[types.size()];
            types.forEach((t, i) -> typeNames[i] = t);
            json.writeArrayFieldStart("types");
            for (String t : typeNames) {
                json.writeString(t);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("cls");
            for (UrlStats node : nodes) {
                json.writeNumber(StatusClass.of(node, broken).ordinal());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("colours");
            for (StatusClass c : StatusClass.values()) {
                json.writeString(c.colour());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("edges");
            for (SiteGraph.Edge e : graph.edges()) {
                json.writeNumber(e.from());
                json.writeNumber(e.to());
                json.writeNumber(e.multiplicity());
            }
            json.writeEndArray();
            json.writeFieldName("drawn");
            json.writeArray(drawn.nodes(), 0, drawn.nodes().length);
            json.writeFieldName("x");
            json.writeArray(drawn.x(), 0, drawn.x().length);
            json.writeFieldName("y");
            json.writeArray(drawn.y(), 0, drawn.y().length);
            json.writeFieldName("size");
            json.writeArray(drawn.size(), 0, drawn.size().length);
            json.writeFieldName("drawnEdges");
            json.writeArray(drawn.edges(), 0, drawn.edges().length);
            json.writeArrayFieldStart("rings");
            for (Layout.Ring ring : drawn.rings()) {
                if (ring.drawn() > 0) {
                    json.writeStartObject();
                    json.writeNumberField("depth", ring.depth());
                    json.writeNumberField("radius", ring.radius());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Writes to the report's writer and leaves it open. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** JSON's escapes, and {@code <} as {@code \\u003C}: no {@code </script>} or {@code <!--} inside the element. */
    private static final CharacterEscapes NO_TAGS = new CharacterEscapes() {
        private final int[] ascii = ascii();

        private static int[] ascii() {
            int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            return escapes;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    };
}
