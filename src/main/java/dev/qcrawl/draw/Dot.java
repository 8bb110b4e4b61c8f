package dev.qcrawl.draw;

import dev.qcrawl.crawl.UrlStats;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link SiteGraph} in Graphviz's DOT language: a {@code digraph} with one node per URL (named by the
 * URL, with its {@code status}, {@code depth}, {@code count}, {@code content_type} and {@code error} as
 * attributes, filled by status class) and one edge per distinct link with its {@code multiplicity}.
 */
final class Dot {
    private Dot() {
    }

    static void write(SiteGraph graph, Writer out) throws IOException {
        write(graph, UrlStats::broken, out);
    }

    /** @param broken which URLs are drawn as broken (as the report counts them) */
    static void write(SiteGraph graph, java.util.function.Predicate<UrlStats> broken, Writer out) throws IOException {
        StringBuilder line = new StringBuilder(256);
        out.write("digraph qcrawl {\n");
        out.write("  node [shape=box, style=filled, fontsize=10];\n");
        for (UrlStats node : graph.nodes()) {
            line.setLength(0);
            line.append("  ").append(quote(node.url())).append(" [");
            if (node.url().indexOf('&') >= 0) {
                // Graphviz reads entities such as &amp; in a label, so a URL that has '&' says so itself
                line.append("label=").append(quote(node.url().replace("&", "&amp;"))).append(", ");
            }
            if (node.status() != null) {
                line.append("status=").append(node.status()).append(", ");
            }
            line.append("depth=").append(node.depth()).append(", count=").append(node.count());
            if (node.contentType() != null) {
                line.append(", content_type=").append(quote(node.contentType()));
            }
            if (node.error() != null) {
                line.append(", error=").append(quote(node.error().label()));
            }
            line.append(", fillcolor=").append(quote(StatusClass.of(node, broken).colour())).append("];\n");
            out.write(line.toString());
        }
        for (SiteGraph.Edge edge : graph.edges()) {
            line.setLength(0);
            line.append("  ").append(quote(graph.nodes().get(edge.from()).url())).append(" -> ")
                    .append(quote(graph.nodes().get(edge.to()).url())).append(" [multiplicity=")
                    .append(edge.multiplicity()).append("];\n");
            out.write(line.toString());
        }
        out.write("}\n");
    }

    /** Characters of one quoted part, well within Graphviz's 16,384 bytes even when each is 3 bytes of UTF-8. */
    private static final int PART = 4096;

    /**
     * A DOT double-quoted string (joined from parts with {@code +} when long). Only {@code \"} is an escape in an
     * ID, so a backslash is doubled (else a name ending in one would swallow the closing quote); Graphviz shows
     * {@code \\} in a label as one backslash.
     * Line breaks become {@code \n}, which a label also shows as a line break.
     */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        int part = q.length();
        for (int i = 0; i < s.length(); i++) {
            if (q.length() - part >= PART) {
                // Graphviz reads a quoted string of at most 16,384 bytes; longer ones are joined from parts with '+'.
                q.append("\" + \"");
                part = q.length();
            }
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
