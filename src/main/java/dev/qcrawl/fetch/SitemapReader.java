package dev.qcrawl.fetch;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A site's sitemaps, for {@code --sitemaps}: the {@code Sitemap:} lines of its robots.txt, else
 * {@code /sitemap.xml}; XML, text and gzip sitemaps and sitemap indexes, parsed with crawler-commons'
 * {@link SiteMapParser}. Bounded: at most {@link #MAX_SITEMAPS} sitemaps read, each at most {@link #MAX_BYTES}, and
 * {@link #MAX_URLS} URLs in all. A sitemap that cannot be fetched or parsed is passed over, and so is one that
 * robots.txt (of the sitemap's own origin, which may be another) forbids.
 */
public final class SitemapReader {
    public static final int MAX_SITEMAPS = 100;
    public static final long MAX_BYTES = 50L * 1024 * 1024;
    public static final int MAX_URLS = 1_000_000;

    private final Fetcher fetcher;
    // Not strict: a sitemap may list URLs of other hosts or folders; the crawl's scope decides what is fetched.
    private final SiteMapParser parser = new SiteMapParser(false);

    public SitemapReader(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** The URLs the sitemaps of {@code start}'s site list, in the order read, without repeats. */
    public List<String> urls(URI start) throws InterruptedException {
        Deque<String> pending = new ArrayDeque<>(fetcher.robotsSitemaps(start));
        if (pending.isEmpty()) {
            pending.add(start.resolve("/sitemap.xml").toString());
        }
        Set<String> read = new HashSet<>();
        Set<String> urls = new java.util.LinkedHashSet<>();
        while (!pending.isEmpty() && read.size() < MAX_SITEMAPS && urls.size() < MAX_URLS) {
            String location = pending.poll();
            if (!read.add(location)) {
                continue;
            }
            AbstractSiteMap map = parse(location);
            if (map instanceof SiteMapIndex index) {
                for (AbstractSiteMap child : index.getSitemaps()) {
                    pending.add(child.getUrl().toString());
                }
            } else if (map instanceof SiteMap sitemap) {
                for (SiteMapURL entry : sitemap.getSiteMapUrls()) {
                    if (urls.size() >= MAX_URLS) {
                        break;
                    }
                    urls.add(entry.getUrl().toString());
                }
            }
        }
        return new ArrayList<>(urls);
    }

    private AbstractSiteMap parse(String location) throws InterruptedException {
        try {
            URI uri = URI.create(location);
            RobotsCache.Robots file = fetcher.fetchSitemap(uri, MAX_BYTES);
            if (file.status() < 200 || file.status() >= 300 || file.body().length == 0) {
                return null;
            }
            String type = file.contentType() == null ? "text/xml" : file.contentType();
            URL url = uri.toURL();
            return parser.parseSiteMap(type, file.body(), url);
        } catch (IllegalArgumentException | IOException | UnknownFormatException e) {
            return null;
        }
    }
}
