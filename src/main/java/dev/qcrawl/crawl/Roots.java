package dev.qcrawl.crawl;

import java.util.List;

/**
 * Where a crawl finds more roots than its start URL ({@code --sitemaps}), normalized: read once, by the process that
 * starts the crawl, before any job of it is taken ({@link CrawlState#seed}).
 */
@FunctionalInterface
public interface Roots {
    List<String> read() throws InterruptedException;

    Roots NONE = List::of;
}
