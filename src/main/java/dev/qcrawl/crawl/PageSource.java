package dev.qcrawl.crawl;

/** Where the crawler gets a URL's visit from ({@link PageLoader} over the network). */
@FunctionalInterface
public interface PageSource {
    /** Fetches and parses the URL's page. */
    Visit load(String url) throws InterruptedException;
}
