package dev.qcrawl.draw;

import dev.qcrawl.crawl.CrawlResult;
import java.io.IOException;
import java.io.Writer;

/** The self-contained HTML report. */
final class HtmlReport {
    private HtmlReport() {
    }

    static void write(Drawing drawing, CrawlResult result, SiteGraph graph, Writer out) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
