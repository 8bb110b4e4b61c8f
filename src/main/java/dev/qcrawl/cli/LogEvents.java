package dev.qcrawl.cli;

import dev.qcrawl.crawl.CrawlEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Worker events as log lines on stderr, in the tutorial's words: {@code [Worker-1 depth=2 url='...']}. */
final class LogEvents implements CrawlEvents {
    private static final Logger LOG = LoggerFactory.getLogger("qcrawl");

    @Override
    public void workerStarted(String worker) {
        LOG.info("[{} starting]", worker);
    }

    @Override
    public void visiting(String worker, int depth, String url) {
        LOG.info("[{} depth={} url='{}']", worker, depth, url);
    }

    @Override
    public void failed(String worker, String url, String reason) {
        LOG.warn("[{} failed at url='{}': {}]", worker, url, reason);
    }
}
