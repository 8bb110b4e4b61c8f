package dev.qcrawl.check;

import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.links.PageLinks;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a link check reads from the pages the crawl fetched (resources, fragment links, ids), by URL: a page
 * reached through a redirect is kept under both names. Side data in this process: the crawl's graph and counts do
 * not see it. A page's {@code <a href>} links are in the graph and not kept here, and a page with nothing else to
 * note takes no object of its own (most of a site's pages, often): the table then costs its keys.
 */
public final class PageTable implements PageNotes {
    private final Map<String, PageLinks> pages = new ConcurrentHashMap<>();
    /** The URL each page reached through a redirect was served at, by the URL that led there. */
    private final Map<String, String> servedAt = new ConcurrentHashMap<>();
    /** Where each URL whose redirect the crawl did not follow led. */
    private final Map<String, String> leftTo = new ConcurrentHashMap<>();

    @Override
    public boolean wanted() {
        return true;
    }

    @Override
    public void page(String url, String finalUrl, PageLinks read) {
        PageLinks page = read.resources().isEmpty() && read.fragments().isEmpty() && read.ids().isEmpty()
                ? PageLinks.NONE : new PageLinks(List.of(), read.resources(), read.fragments(), read.ids());
        pages.put(url, page);
        if (!finalUrl.equals(url)) {
            pages.putIfAbsent(finalUrl, page);
            servedAt.put(url, finalUrl);
        }
    }

    @Override
    public void redirected(String url, String finalUrl) {
        if (!finalUrl.equals(url)) {
            servedAt.put(url, finalUrl);
            copy(url, finalUrl);
        }
    }

    @Override
    public void copy(String url, String from) {
        PageLinks page = pages.get(from);
        if (page != null && !from.equals(url)) {
            pages.putIfAbsent(url, page);
        }
    }

    @Override
    public void leftCrawl(String url, String target) {
        leftTo.put(url, target);
    }

    /** Where the redirect of {@code url}, which the crawl did not follow, led; null if none is known here. */
    String leftTo(String url) {
        return leftTo.get(url);
    }

    /** Forgets every page. */
    void clear() {
        pages.clear();
        servedAt.clear();
        leftTo.clear();
    }

    /** The URL the page of {@code url} was served at: where a redirect from it led, else {@code url}. */
    String servedAt(String url) {
        return servedAt.getOrDefault(url, url);
    }

    /** What was read from the page, or null if the crawl did not parse it. */
    public PageLinks get(String url) {
        return pages.get(url);
    }
}
