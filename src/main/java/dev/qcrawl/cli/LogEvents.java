package dev.qcrawl.cli;

import dev.qcrawl.crawl.CrawlEvents;
import dev.qcrawl.fetch.HostSilence;
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

    @Override
    public void hostGivenUp(String host) {
        LOG.warn("[{} gave no answer to {} URLs in a row (nor to a page it had answered, if any): given up; its other"
                + " URLs are given-up, not requested]", host, HostSilence.GIVE_UP);
    }
}
