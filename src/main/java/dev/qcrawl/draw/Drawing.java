package dev.qcrawl.draw;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.UrlStats;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;

/**
 * What the pictures of a crawl need besides its rows: the link graph it discovered and how it counted. The
 * report package hands a crawl's results here for {@code --format html}, {@code dot} and {@code graphml}.
 *
 * @param found the crawl's discovery, read for its pages' links
 * @param mode  how the counts were computed (shown in the HTML report)
 */
public record Drawing(Discovery found, Mode mode) {

    /** The listed URLs (as printed) as a Graphviz digraph. */
    public void dot(CrawlResult result, Set<String> listed, Writer out) throws IOException {
        Dot.write(graph(result, listed), out);
    }

    /** The listed URLs (as printed) as GraphML. */
    public void graphMl(CrawlResult result, Set<String> listed, Writer out) throws IOException {
        GraphMl.write(graph(result, listed), out);
    }

    /** The self-contained HTML report of the whole crawl. */
    public void html(CrawlResult result, Writer out) throws IOException {
        HtmlReport.write(this, result, SiteGraph.of(found, result.rows()), out);
    }

    private SiteGraph graph(CrawlResult result, Set<String> listed) {
        List<UrlStats> nodes = result.rows().stream().filter(r -> listed.contains(r.url())).toList();
        return SiteGraph.of(found, nodes);
    }
}
