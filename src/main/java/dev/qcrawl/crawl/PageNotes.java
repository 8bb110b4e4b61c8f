package dev.qcrawl.crawl;

import dev.qcrawl.links.PageLinks;

/**
 * Where a link check keeps what it reads from each HTML page and stylesheet the crawl fetches, beside the crawl's
 * graph (see {@link PageLinks}). A crawl that checks nothing uses {@link #NONE}, and its pages are read for their
 * {@code <a href>} links only (a stylesheet's body is not read then).
 */
public interface PageNotes {
    /** Whether pages are read in full (resources, fragments, ids), and stylesheets for what they load. */
    boolean wanted();

    /**
     * Keeps what the page {@code url} holds; {@code finalUrl} is the URL it was fetched from after redirects (the
     * same when none), both normalized.
     */
    void page(String url, String finalUrl, PageLinks page);

    /**
     * {@code url} redirected to {@code finalUrl}, a page the crawl had already read: its page is that one, served
     * at {@code finalUrl} (both normalized).
     */
    default void redirected(String url, String finalUrl) {
        copy(url, finalUrl);
    }

    /**
     * {@code url} leads to what was read as {@code from} (a link check's redirect to a stylesheet read before): the
     * same notes, kept under {@code url} too, if there are any (both normalized).
     */
    default void copy(String url, String from) {
    }

    /**
     * {@code url} redirected to {@code target}, which the crawl does not follow (out of {@code --scope}, or
     * filtered out): a check follows it from there, without asking for {@code url} again (both normalized).
     */
    default void leftCrawl(String url, String target) {
    }

    PageNotes NONE = new PageNotes() {
        @Override
        public boolean wanted() {
            return false;
        }

        @Override
        public void page(String url, String finalUrl, PageLinks page) {
        }
    };
}
