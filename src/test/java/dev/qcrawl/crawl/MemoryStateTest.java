package dev.qcrawl.crawl;

import dev.qcrawl.frontier.QueueType;

/** The state contract, in memory. */
class MemoryStateTest extends CrawlStateContract {
    @Override
    protected CrawlState create(QueueType queue, long maxPages) {
        return new MemoryState(queue, maxPages);
    }
}
