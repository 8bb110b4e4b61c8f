package dev.qcrawl.report;

import java.util.Locale;

/** How results are written, chosen with {@code --format}. */
public enum Format {
    /** {@code %3d URL} lines, highest count first: the tutorial's output. */
    TEXT,
    /** RFC 4180 CSV with a header row. */
    CSV,
    /** One JSON document: a summary and the rows. */
    JSON,
    /** One JSON object per row, one per line. */
    JSONL,
    /** One self-contained HTML page: a summary, the site drawn as a graph, charts and the broken links. */
    HTML,
    /** The link graph for Graphviz: one node per URL, one edge per distinct link. */
    DOT,
    /** The link graph as GraphML, for Gephi, yEd and NetworkX. */
    GRAPHML,
    /** JUnit XML, as CI servers read test reports: a test case per checked URL, a failure per broken one. */
    JUNIT,
    /** A Markdown summary and a table of the broken links, for a CI job's summary page. */
    MARKDOWN;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
