package dev.qcrawl.crawl;

import dev.qcrawl.frontier.QueueType;

/** Opens the state contract to implementations in other packages. */
public abstract class CrawlStateContractAccess extends CrawlStateContract {
    @Override
    protected abstract CrawlState create(QueueType queue, long maxPages) throws Exception;
}
