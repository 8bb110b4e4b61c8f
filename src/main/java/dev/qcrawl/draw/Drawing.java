package dev.qcrawl.draw;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.UrlStats;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the pictures of a crawl need besides its rows: the link graph it discovered and how it counted. The
 * report package hands a crawl's results here for {@code --format html}, {@code dot} and {@code graphml}.
 *
 * @param found      the crawl's discovery, read for its pages' links
 * @param mode       how the counts were computed (shown in the HTML report)
 * @param broken     which URLs the report lists as broken links (a link check judges them: {@code --accept},
 *                   missing fragments)
 * @param linkedFrom the pages linking to each URL as a link check found them (its resources and fragments too), or
 *                   null to read them from the crawl's graph
 */
public record Drawing(Discovery found, Mode mode, Predicate<UrlStats> broken, Map<String, List<String>> linkedFrom) {

    /** Broken as the crawl alone judges it, the pages linking to each read from the graph. */
    public Drawing(Discovery found, Mode mode) {
        this(found, mode, UrlStats::broken, null);
    }

    /** The listed URLs (as printed) as a Graphviz digraph. */
    public void dot(CrawlResult result, Set<String> listed, Writer out) throws IOException {
        Dot.write(graph(result, listed), broken, out);
    }

    /** The listed URLs (as printed) as GraphML. */
    public void graphMl(CrawlResult result, Set<String> listed, Writer out) throws IOException {
        GraphMl.write(graph(result, listed), out);
    }

    /** The self-contained HTML report of the whole crawl. */
    public void html(CrawlResult result, Writer out) throws IOException {
        HtmlReport.write(this, result, SiteGraph.of(found, result.rows(), linkedFrom), out);
    }

    private SiteGraph graph(CrawlResult result, Set<String> listed) {
        List<UrlStats> nodes = result.rows().stream().filter(r -> listed.contains(r.url())).toList();
        return SiteGraph.of(found, nodes, linkedFrom);
    }
}
