package dev.qcrawl.check;

import dev.qcrawl.count.Counts;
import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.graph.Graph;
import dev.qcrawl.heap.HeapWatch;
import dev.qcrawl.links.Fragments;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.PageLinks;
import dev.qcrawl.links.UrlNormalizer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks, does not crawl: after the crawl, every link on the pages it expanded is judged, in scope or not. A URL
 * the crawl fetched is judged by its visit; any other (out of scope, filtered, beyond the depth, a resource such as
 * an image, stylesheet or script, a redirect leaving the crawl) is requested once by the {@link Checker}, never
 * parsed for links. With fragments checked, a link {@code page#frag} to an HTML page without that fragment is a
 * broken link of its own. In a shared crawl ({@link CheckStore}) the pages' notes and the checked URLs are kept for
 * all the processes: each URL is requested once for the whole crawl, and every process prints the same rows.
 */
public final class LinkCheck {
    /**
     * @param accept    statuses of 400 or more that count as fine
     * @param fragments whether links naming a fragment are checked
     */
    public record Settings(Accept accept, boolean fragments) {
    }

    /**
     * The rows to print with the check's verdicts, the pages linking to each broken URL (or to every URL, when asked
     * for: a drawing shows every link), what counts as broken, and how many URLs the check requested (for the whole
     * crawl, whichever process requested them).
     */
    public record Checked(CrawlResult result, Map<String, List<String>> linkedFrom, Predicate<UrlStats> broken,
            long checked) {
    }

    /**
     * How many levels of stylesheets a check reads: those the pages load, then those they import, ... (a stylesheet
     * imported deeper is still requested, its CSS not read). Real sites import one or two levels deep.
     */
    static final int IMPORT_ROUNDS = 8;

    private final Settings settings;
    private final PageTable pages = new PageTable();
    private final Checker checker;
    private final CheckStore store;

    /**
     * @param startOrigin the start URL's origin ({@code scheme://host:port}): its links are checked with the
     *                    crawl's {@code perHost}, other hosts' with fewer
     */
    public LinkCheck(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, String startOrigin,
            int perHost, Settings settings) {
        this(fetcher, extractor, normalizer, startOrigin, perHost, settings, null);
    }

    /** @param store what the processes of a shared crawl keep in common for the check, or null for one process */
    public LinkCheck(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, String startOrigin,
            int perHost, Settings settings, CheckStore store) {
        this.settings = settings;
        this.store = store;
        this.checker = new Checker(fetcher, extractor, normalizer, startOrigin, perHost, notes(), store);
    }

    /** Where the crawl leaves what the check reads from its pages: this process's table, or the shared store. */
    public PageNotes notes() {
        return store == null ? pages : store.notes();
    }

    /** URLs checked so far, for the status line. */
    public long checked() {
        return checker.checked();
    }

    /** URLs to check (0 until the check starts), for the status line. */
    public long toCheck() {
        return checker.total();
    }

    /** Lets go of what the crawl's pages left for the check (memory ran out before the check could use it). */
    public void discard() {
        pages.clear();
    }

    /** Ends the check early; the rows then say what was found so far. */
    public void stop(StopReason reason) {
        checker.stop(reason);
    }

    /** What counts as broken: no usable response, a status of 400 or more not accepted, a missing fragment. */
    public Predicate<UrlStats> broken() {
        Accept accept = settings.accept();
        return row -> (row.status() != null && accept.broken(row.status()))
                || (row.error() != null && row.error().broken());
    }

    /**
     * Checks every link of the crawl's pages and returns {@code counted}'s rows with the verdicts, plus a row for
     * each resource the counts do not list and for each missing fragment.
     *
     * @param everyUrl whether to gather the pages linking to every URL, not only to the broken ones (what the text
     *                 and CI formats print): for a drawing
     */
    public Checked run(Discovery found, CrawlResult counted, boolean everyUrl) throws InterruptedException {
        if (store != null) {
            store.pages().forEach((url, read) -> pages.page(url, url, read));
            store.servedAt().forEach(pages::redirected);
            store.leftCrawl().forEach(pages::leftCrawl);
        }
        Targets targets = Targets.of(found, pages);
        Set<String> fragmentPages = new HashSet<>();
        if (settings.fragments()) {
            targets.fragments().keySet().forEach(f -> fragmentPages.add(f.url()));
        }
        Graph graph = found.graph();
        Map<String, PageLinks> readElsewhere = readUnderOtherNames(graph, fragmentPages);
        checker.knowFromCrawl(url -> {
            // The graph's lookups use buffers of its own: one thread at a time (the check's workers; the caller
            // waits in check() until they are all done).
            synchronized (graph) {
                int p = pageOf(graph, url);
                if (!givesVerdict(graph, p)) {
                    return null;
                }
                PageLinks read = pages.get(url);
                if (read == null) {
                    read = readElsewhere.get(url);
                }
                // Fragments are those of an HTML page (a stylesheet the crawl read has notes, and none).
                return new Verdict(graph.status(p), graph.contentType(p), graph.error(p),
                        read == null || !Fetcher.isHtml(graph.contentType(p)) ? null : read.ids(), false);
            }
        });
        Map<String, Boolean> toRequest = new LinkedHashMap<>();
        // A URL of the crawl's whose redirect it did not follow is checked from where it led (not asked again).
        Map<String, String> via = new HashMap<>();
        // Where a redirect left the crawl, the names it is listed under: each URL that led there, and its own if it
        // is linked too (the rest are listed under their own name alone).
        Map<String, Set<String>> names = new HashMap<>();
        targets.forEachUrl(graph, url -> {
            if (requested(graph, url)) {
                String target = pages.leftTo(url);
                if (target != null && !target.equals(url)) {
                    via.put(url, target);
                    Set<String> listed = names.get(target);
                    if (listed == null) {
                        listed = new java.util.TreeSet<>();
                        if (toRequest.containsKey(target)) {
                            listed.add(target); // linked itself, handed on before any redirect led there
                        }
                        names.put(target, listed);
                    }
                    listed.add(url);
                    toRequest.merge(target, fragmentPages.contains(url), Boolean::logicalOr);
                } else {
                    toRequest.merge(url, fragmentPages.contains(url), Boolean::logicalOr);
                    Set<String> listed = names.get(url);
                    if (listed != null) {
                        listed.add(url); // linked itself, handed on after a redirect led there
                    }
                }
            }
            HeapWatch.checkRoom();
        });
        if (!counted.interrupted()) {
            checker.check(toRequest);
            checkStylesheets(found, targets, toRequest, names);
        }
        HeapWatch.checkRoom(); // a check that stopped for memory gives up here
        StopReason stopReason = checker.stopReason() != null ? checker.stopReason() : counted.stopReason();
        // A URL the check was to request and did not, because the check or the crawl was stopped: 'interrupted'.
        boolean cutShort = counted.interrupted() || checker.stopReason() != null;
        Function<String, Verdict> verdicts = url -> checker.verdict(via.getOrDefault(url, url));
        Function<String, Verdict> table = !cutShort ? verdicts : url -> {
            Verdict v = verdicts.apply(url);
            return v != null || !toRequest.containsKey(via.getOrDefault(url, url)) ? v
                    : new Verdict(null, null, Outcome.INTERRUPTED, null, true);
        };
        // A drawing names each page by its node (the graph's name for it); the lists name pages as they were served.
        List<UrlStats> rows = rows(found, counted, targets, table, !everyUrl);
        CrawlResult result = new CrawlResult(counted.startUrl(), rows, counted.pagesFetched(), counted.failures(),
                counted.elapsed(), counted.startFailed(), stopReason, counted.sitemaps(), counted.orphans());
        Predicate<UrlStats> broken = broken();
        Set<String> brokenUrls = everyUrl ? null
                : rows.stream().filter(broken).map(UrlStats::url).collect(Collectors.toSet());
        return new Checked(result, linkedFrom(found, targets, brokenUrls), broken,
                toRequest.keySet().stream().filter(url -> checker.verdict(url) != null).count());
    }

    /**
     * Whether the check requests {@code url}: not fetched by the crawl, it is requested once, as a reader following
     * the link would. robots.txt rules the crawl, not single links, at every depth (a link past --max-depth is
     * requested the same way). Otherwise the crawl's own visit gives its verdict (knowFromCrawl), or the crawl did
     * not fetch it by its own choice (the page budget, a stop): left as it is.
     */
    private static boolean requested(Graph graph, String url) {
        int p = pageOf(graph, url);
        return !givesVerdict(graph, p) && (p < 0 || graph.error(p) == Outcome.SCOPE
                || graph.error(p) == Outcome.EXCLUDED || graph.error(p) == Outcome.ROBOTS);
    }

    /**
     * Checks what the stylesheets the check read load (images, fonts, imported stylesheets), as resources of the
     * stylesheet that loads them, round by round: an imported stylesheet's own in the next round, up to
     * {@link #IMPORT_ROUNDS} rounds (a server that answers every path with CSS importing a relative path would
     * otherwise lead the check on for ever). Each URL once. In a shared check every process reads the same
     * stylesheets from the store after each round's barrier, so every process checks (and waits for) the same URLs.
     */
    private void checkStylesheets(Discovery found, Targets targets, Map<String, Boolean> toRequest,
            Map<String, Set<String>> names) throws InterruptedException {
        List<String> sheets = new ArrayList<>();
        try {
            rounds(found.graph(), targets, toRequest, names, sheets);
        } finally {
            // A stylesheet's depth is one more than the shallowest page or stylesheet loading it, through any chain
            // of imports: worked out once all are read, shallower chains found later included.
            for (int pass = 0; pass <= IMPORT_ROUNDS; pass++) {
                boolean changed = false;
                for (String sheet : sheets) {
                    Set<String> from = targets.resources().get(sheet);
                    int d = from == null ? found.depth(sheet) : depth(found, sheet, from, targets);
                    Integer was = targets.depths().put(sheet, d);
                    changed |= was == null || was != d;
                }
                if (!changed) {
                    break;
                }
            }
        }
    }

    /**
     * The rounds: each reads the stylesheets among the URLs the last one checked, and adds them to {@code sheets}
     * under the names they are listed by ({@code names}: a URL of the site whose redirect left the crawl is the
     * stylesheet read where it led).
     */
    private void rounds(Graph graph, Targets targets, Map<String, Boolean> toRequest, Map<String, Set<String>> names,
            List<String> sheets) throws InterruptedException {
        Collection<String> checked = List.copyOf(toRequest.keySet());
        for (int round = 1; round <= IMPORT_ROUNDS && checker.stopReason() == null; round++) {
            if (store != null) {
                Set<String> wanted = new LinkedHashSet<>(checked);
                checked.forEach(url -> wanted.add(checker.readAt(url)));
                store.pages(wanted).forEach((url, notes) -> {
                    if (pages.get(url) == null) {
                        pages.page(url, url, notes);
                    }
                });
            }
            Map<String, Boolean> next = new LinkedHashMap<>();
            for (String read : checked) {
                // Only a stylesheet the check read has notes among these URLs: under its URL, or where the URL's
                // verdict was read (a redirect to a stylesheet read for another URL, here or in another process).
                PageLinks css = pages.get(read);
                if (css == null) {
                    Verdict verdict = checker.verdict(read);
                    if (verdict != null && Fetcher.isCss(verdict.contentType())) {
                        css = pages.get(checker.readAt(read));
                    }
                }
                if (css == null) {
                    continue;
                }
                // Named as linked (the stylesheet's own row), in one process as in a shared check.
                for (String sheet : names.getOrDefault(read, Set.of(read))) {
                    sheets.add(sheet);
                    for (String url : css.resources()) {
                        targets.resources().computeIfAbsent(url, t -> new java.util.TreeSet<>()).add(sheet);
                        if (!toRequest.containsKey(url) && requested(graph, url)) {
                            next.put(url, false);
                        }
                    }
                }
                HeapWatch.checkRoom();
            }
            if (next.isEmpty()) {
                return;
            }
            toRequest.putAll(next);
            checker.check(next);
            checked = next.keySet();
        }
    }

    /**
     * What the crawl read from the pages of {@code urls} that it read under another name only: a redirect that led
     * to a page the crawl had already shares that page, read under the target's name. One pass over the graph's
     * URLs, for the pages of these URLs alone.
     */
    private Map<String, PageLinks> readUnderOtherNames(Graph graph, Set<String> urls) {
        Map<Integer, List<String>> wanted = new HashMap<>();
        for (String url : urls) {
            int p = pageOf(graph, url);
            if (p >= 0 && pages.get(url) == null) {
                wanted.computeIfAbsent(p, k -> new ArrayList<>()).add(url);
            }
        }
        Map<String, PageLinks> read = new HashMap<>();
        for (int id = 0; id < graph.size() && !wanted.isEmpty(); id++) {
            int p = graph.page(id);
            List<String> names = p < 0 ? null : wanted.get(p);
            PageLinks page = names == null ? null : pages.get(graph.url(id));
            if (page != null) {
                names.forEach(url -> read.put(url, page));
                wanted.remove(p);
            }
            HeapWatch.checkRoom();
        }
        return read;
    }

    /** The URL's page in the crawl's graph, or {@link Graph#NO_PAGE}. */
    private static int pageOf(Graph graph, String url) {
        int id = graph.find(url);
        return id < 0 ? Graph.NO_PAGE : graph.page(id);
    }

    /**
     * Whether the crawl's visit of page {@code p} gives its verdict: fetched, and not a redirect that only says it
     * leads out of the crawl (the check follows that one).
     */
    private static boolean givesVerdict(Graph graph, int p) {
        if (p < 0 || !graph.fetched(p)) {
            return false;
        }
        Integer status = graph.status(p);
        Outcome error = graph.error(p);
        return !(status != null && status >= 300 && status < 400
                && (error == Outcome.SCOPE || error == Outcome.EXCLUDED));
    }

    private List<UrlStats> rows(Discovery found, CrawlResult counted, Targets targets,
            Function<String, Verdict> table, boolean asServed) {
        List<UrlStats> rows = new ArrayList<>(counted.rows().size() + targets.resources().size());
        Set<String> listed = new HashSet<>();
        for (UrlStats row : counted.rows()) {
            String url = row.url().equals(found.startLabel()) ? found.start() : row.url();
            listed.add(url);
            Verdict v = table.apply(url);
            String referrer = row.referrer() == null || !asServed ? row.referrer() : servedName(found, row.referrer());
            if (referrer != null && !referrer.equals(row.referrer())) {
                row = new UrlStats(row.url(), row.count(), row.status(), row.depth(), row.contentType(), row.error(),
                        referrer, row.inSitemap()); // the page holding the link, as it was served
            }
            rows.add(v == null || !v.requested() ? row : new UrlStats(row.url(), row.count(), v.status(), row.depth(),
                    v.contentType(), v.error(), row.referrer(), row.inSitemap()));
            HeapWatch.checkRoom();
        }
        Boolean inSitemap = counted.sitemaps() ? Boolean.FALSE : null;
        targets.resources().forEach((url, from) -> {
            if (listed.add(url)) {
                Verdict v = table.apply(url);
                rows.add(new UrlStats(found.label(url), BigInteger.valueOf(from.size()), v == null ? null : v.status(),
                        depth(found, url, from, targets), v == null ? null : v.contentType(),
                        v == null ? null : v.error(), from.iterator().next(), inSitemap));
            }
        });
        Predicate<UrlStats> broken = broken();
        (settings.fragments() ? targets.fragments() : Map.<PageLinks.FragmentLink, Set<String>>of()).forEach(
                (link, from) -> {
            Verdict page = table.apply(link.url());
            if (page == null || page.ids() == null || page.error() == Outcome.TOO_LARGE
                    || page.ids().contains(link.fragment())) {
                // not an HTML page read whole (--max-body cut it: the rest may have it), or the fragment is there
                return;
            }
            UrlStats pageRow = new UrlStats(link.url(), BigInteger.ONE, page.status(), 0, page.contentType(),
                    page.error(), null, null);
            if (broken.test(pageRow)) {
                return; // the page itself is listed as broken
            }
            rows.add(new UrlStats(found.label(link.url()) + "#" + Fragments.shown(link.fragment()),
                    BigInteger.valueOf(from.size()),
                    null, depth(found, link.url(), from, targets), null, Outcome.FRAGMENT, from.iterator().next(),
                    inSitemap));
        });
        rows.sort(Comparator.comparing(UrlStats::count).reversed().thenComparing(UrlStats::url));
        return List.copyOf(rows);
    }

    /** The URL's depth in the crawl, else one more than the shallowest page linking to it. */
    private static int depth(Discovery found, String url, Set<String> from, Targets targets) {
        int depth = found.depth(url);
        if (depth != Integer.MAX_VALUE) {
            return depth;
        }
        int shallowest = Integer.MAX_VALUE - 1; // none known: no depth (as the crawl's MAX_VALUE), never past it
        for (String page : from) {
            shallowest = Math.min(shallowest, targets.depths().getOrDefault(page, Integer.MAX_VALUE - 1));
        }
        return shallowest + 1;
    }

    /**
     * For every URL (as printed) and missing fragment of {@code only} (null: every one), the pages that link to it,
     * sorted.
     */
    private Map<String, List<String>> linkedFrom(Discovery found, Targets targets, Set<String> only) {
        BitSet links = targets.links();
        if (only != null) {
            Graph graph = found.graph();
            links = new BitSet();
            for (String url : only) {
                int id = graph.find(url);
                if (id >= 0 && targets.links().get(id)) {
                    links.set(id);
                }
            }
        }
        // Keyed by the URL linked: the start URL too, which is printed apart from its typed label when typed
        // without its '/' (Counts), and whose row as linked is that URL.
        Map<String, List<String>> from = Counts.linkedFrom(found, links);
        targets.resources().forEach((url, pages) -> {
            if (only == null || only.contains(url)) {
                from.merge(url, List.copyOf(pages), LinkCheck::union);
            }
        });
        targets.fragments().forEach((link, pages) -> {
            String label = found.label(link.url()) + "#" + Fragments.shown(link.fragment());
            if (only == null || only.contains(label)) {
                from.put(label, List.copyOf(pages));
            }
        });
        // A page reached through a redirect too is named in the graph by its shallowest name, which may be the
        // redirect's URL: the page holding the link is named as it was served.
        if (only != null) { // not for a drawing, whose edges start at the graph's names of the pages
            from.replaceAll((url, names) -> asServed(found, names));
        }
        return from;
    }

    private List<String> asServed(Discovery found, List<String> names) {
        if (names.stream().allMatch(name -> servedName(found, name).equals(name))) {
            return names;
        }
        return List.copyOf(new java.util.TreeSet<>(names.stream().map(name -> servedName(found, name)).toList()));
    }

    /**
     * The name of the page {@code name} names, as it was served (where a redirect from {@code name} led) when the
     * crawl lists that URL too; else {@code name}, the linked name under which the page is listed.
     */
    private String servedName(Discovery found, String name) {
        String served = pages.servedAt(name);
        return served.equals(name) || found.depth(served) == Integer.MAX_VALUE ? name : served;
    }

    private static List<String> union(List<String> a, List<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
