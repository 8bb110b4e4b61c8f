package dev.qcrawl.crawl;

import dev.qcrawl.fetch.FetchResult;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.PageLinks;
import dev.qcrawl.links.Scope;
import dev.qcrawl.links.UrlFilter;
import dev.qcrawl.links.UrlNormalizer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a URL into a {@link Visit}: checks scope, fetches it within the page budget, and for an HTML page extracts
 * its links. A page reached through a redirect also becomes the visit of its final URL (when that is in scope),
 * so that URL is not fetched again.
 */
public final class PageLoader implements PageSource {
    private final Fetcher fetcher;
    private final LinkExtractor extractor;
    private final UrlNormalizer normalizer;
    private final CrawlState state;
    private final Scope.Rule scope;
    private final UrlFilter filter;
    private final String startUrl;
    private final PageNotes notes;

    /** @param filter {@code --include}/{@code --exclude}, applied to every URL but {@code startUrl} */
    public PageLoader(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, CrawlState state,
            Scope.Rule scope, UrlFilter filter, String startUrl) {
        this(fetcher, extractor, normalizer, state, scope, filter, startUrl, PageNotes.NONE);
    }

    /** The same, handing what a link check reads from each HTML page to {@code notes}. */
    public PageLoader(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, CrawlState state,
            Scope.Rule scope, UrlFilter filter, String startUrl, PageNotes notes) {
        this.notes = notes;
        this.fetcher = fetcher;
        this.extractor = extractor;
        this.normalizer = normalizer;
        this.state = state;
        this.scope = scope;
        this.filter = filter;
        this.startUrl = startUrl;
    }

    /** Null if the crawl fetches the URL, else why not: out of scope, or filtered out. */
    private Outcome refused(URI uri, String url) {
        if (!scope.contains(uri)) {
            return Outcome.SCOPE;
        }
        return url.equals(startUrl) || filter.allows(url) ? null : Outcome.EXCLUDED;
    }

    @Override
    public Visit load(String url) throws InterruptedException {
        URI uri = parse(url);
        if (uri == null) {
            return Visit.skipped(Outcome.BAD_URL);
        }
        Outcome refused = refused(uri, url);
        if (refused != null) {
            return Visit.skipped(refused);
        }
        List<String> hops = new ArrayList<>(0); // the URLs redirects led to, in order
        try {
            return load(url, uri, hops);
        } finally {
            if (!hops.isEmpty()) { // only a redirect's target can have been marked for this load (follow)
                state.release(url);
            }
        }
    }

    private Visit load(String url, URI uri, List<String> hops) throws InterruptedException {
        String[] left = new String[1]; // where a redirect out of the crawl led
        FetchResult result = fetcher.fetch(uri, new Fetcher.Guide() {
            @Override
            public Outcome admit(URI target) {
                String normal = normalizer.normalize(target.toString());
                Outcome refused = normal == null ? Outcome.BAD_REDIRECT : refused(target, normal);
                left[0] = refused == Outcome.SCOPE || refused == Outcome.EXCLUDED ? normal : null;
                return refused;
            }

            @Override
            public boolean known(URI target) throws InterruptedException {
                String normal = normalizer.normalize(target.toString());
                if (normal == null || normal.equals(url)) {
                    return false;
                }
                hops.add(normal);
                Visit there = state.follow(normal, url);
                // Too many redirects is a verdict on a chain from its start, not on a URL further along it.
                return there != null && there.error() != Outcome.TOO_MANY_REDIRECTS;
            }

            @Override
            public boolean startPage() {
                return state.takePage();
            }
        }, notes.wanted());
        Visit visit = switch (result) {
            case FetchResult.Known k -> {
                // The redirect led to a page the crawl has: this URL shares that page (one page, not a copy).
                String target = normalizer.normalize(k.finalUri().toString());
                Visit shared = known(k.finalUri(), url);
                state.preset(url, shared, target);
                if (target != null) {
                    notes.redirected(url, target);
                }
                yield shared;
            }
            case FetchResult.Page page -> new Visit(page.status(), page.contentType(),
                    page.truncated() ? Outcome.TOO_LARGE : null, compact(links(url, page)), true);
            case FetchResult.Response response -> {
                if (left[0] != null && (response.flaw() == Outcome.SCOPE || response.flaw() == Outcome.EXCLUDED)) {
                    notes.leftCrawl(url, left[0]);
                    String at = normalizer.normalize(response.finalUri().toString());
                    if (at != null && !at.equals(url)) {
                        notes.leftCrawl(at, left[0]);
                    }
                }
                yield new Visit(response.status(), response.contentType(), response.flaw(), Links.NONE, true);
            }
            case FetchResult.Failed failed -> new Visit(null, null, failed.outcome(), Links.NONE, true);
            case FetchResult.Skipped skipped -> Visit.skipped(skipped.why());
        };
        if (visit.fetched() && !result.finalUri().equals(uri) && visit.error() != Outcome.TOO_MANY_REDIRECTS) {
            String target = normalizer.normalize(result.finalUri().toString());
            if (target != null && !target.equals(url) && refused(result.finalUri(), target) == null
                    && !state.preset(target, visit, url)) {
                // The target has its page (loaded by itself, or by another redirect to it meanwhile): this URL
                // shares that page, so that it is one page whichever loader was first.
                state.preset(url, visit, target);
            }
            // A URL the chain passed through redirects to the same end: it shares the page, and is not requested
            // again when it is linked too.
            for (String hop : hops) {
                if (!hop.equals(target)) {
                    state.preset(hop, visit, url);
                    if (target != null) {
                        notes.redirected(hop, target); // what a check read of the page is the hop's too
                    }
                }
            }
        }
        return visit;
    }

    /**
     * The page's links; when a link check wants it, all it reads from the page goes to the notes, and a stylesheet
     * (read only then: linked with {@code <a href>}, or where a redirect led) gives what it loads, as one that a page
     * loads does, and no links.
     */
    private List<String> links(String url, FetchResult.Page page) throws InterruptedException {
        String pageUrl = page.finalUri().toString();
        if (!notes.wanted()) {
            return extractor.links(page.body(), page.charset(), pageUrl);
        }
        PageLinks full = Fetcher.isCss(page.contentType())
                ? extractor.stylesheet(page.body(), page.charset(), pageUrl, page.truncated())
                : extractor.page(page.body(), page.charset(), pageUrl);
        String finalUrl = normalizer.normalize(pageUrl);
        notes.page(url, finalUrl == null ? url : finalUrl, full);
        return full.links();
    }

    private static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The stored visit of another URL than {@code self}, or null. */
    private Visit known(URI target, String self) {
        String url = normalizer.normalize(target.toString());
        return url == null || url.equals(self) ? null : state.visit(url);
    }

    private static Links compact(List<String> urls) {
        if (urls.isEmpty()) {
            return Links.NONE;
        }
        Map<String, int[]> counts = new LinkedHashMap<>(urls.size() * 2);
        for (String url : urls) {
            counts.computeIfAbsent(url, u -> new int[1])[0]++;
        }
        String[] targets = new String[counts.size()];
        int[] multiplicity = new int[counts.size()];
        int i = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            targets[i] = e.getKey();
            multiplicity[i] = e.getValue()[0];
            i++;
        }
        return new Links(targets, multiplicity);
    }
}
