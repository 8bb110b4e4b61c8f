package dev.qcrawl.crawl;

/** What a count means. */
public enum Mode {
    /**
     * The tutorial's semantics: every link path of up to max-depth hops from the start URL counts once, so a URL
     * reached by k paths counts k. Computed by coalescing jobs, so each page is still fetched once.
     */
    WALK,
    /**
     * Each page within max-depth - 1 hops is fetched and expanded once; a URL's count is the number of links to
     * it on the fetched pages (plus one for the start URL).
     */
    UNIQUE
}
