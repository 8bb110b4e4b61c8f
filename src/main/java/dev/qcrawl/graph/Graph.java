package dev.qcrawl.graph;

import dev.qcrawl.fetch.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A crawl's link graph in a few primitive arrays: every URL once ({@link UrlTable}) with its shallowest depth and
 * its page, and every page fetched (or refused) with its status, content type, outcome and links, the links as
 * URL ids with their multiplicities. Two URLs of one page (a redirect and its target) share the page. About 20
 * bytes per URL besides the bytes of its path, 8 per page and 4 per link; no object per URL or per link. Not
 * thread-safe: the crawl's state guards it with a lock, and the counts read it once the crawl is over.
 */
public final class Graph {
    /** The depth of a URL that is stored but was not reached (a redirect's target). */
    public static final int UNREACHED = Integer.MAX_VALUE;
    /** The page of a URL without one. */
    public static final int NO_PAGE = -1;
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final UrlTable urls = new UrlTable();
    private final IntColumn depth = new IntColumn(UNREACHED);
    private final IntColumn page = new IntColumn(NO_PAGE);

    private int pages;
    /**
     * Per page: its status + 1 (0 for none, bits 0-10), outcome ordinal + 1 (bits 11-16), whether it was fetched
     * (bit 17), its content type's number (bits 18-31; beyond that in {@link #rareContentTypes}).
     */
    private final IntColumn meta = new IntColumn(0);
    /** Per page: where its links start in {@link #links}; they end where the next page's start. */
    private final IntColumn linkStart = new IntColumn(0);
    /** Link targets by id; a target linked m > 1 times is preceded by -m. */
    private final IntColumn links = new IntColumn(0);
    private int linkEnd;
    private long linkTotal;
    private static final int CONTENT_TYPES = 1 << 14;
    private final List<String> contentTypes = new ArrayList<>(List.of(""));
    private final Map<String, Integer> contentTypeIds = new HashMap<>();
    private final Map<Integer, String> rareContentTypes = new HashMap<>();

    /** Receives a page's links one by one. */
    @FunctionalInterface
    public interface LinkSink {
        void link(int target, int multiplicity);
    }

    public UrlTable urls() {
        return urls;
    }

    /** URLs stored; their ids are 0 to {@code size() - 1}. */
    public int size() {
        return urls.size();
    }

    public int find(String url) {
        return urls.find(url);
    }

    public int intern(String url) {
        return urls.intern(url);
    }

    public String url(int id) {
        return urls.url(id);
    }

    /** The shallowest depth the URL was reached at, or {@link #UNREACHED}. */
    public int depth(int id) {
        return depth.get(id);
    }

    /** Records a reach at {@code d}; true if it is a new shallowest depth. */
    public boolean reach(int id, int d) {
        if (d < depth.get(id)) {
            depth.set(id, d);
            return true;
        }
        return false;
    }

    /** The URL's page, {@link #NO_PAGE}, or a negative mark its owner sets (see {@link #mark}). */
    public int page(int id) {
        return page.get(id);
    }

    public void setPage(int id, int p) {
        page.set(id, p);
    }

    /** Pages stored; their numbers are 0 to {@code pages() - 1}. */
    public int pages() {
        return pages;
    }

    /** Links stored, repeats included. */
    public long linkTotal() {
        return linkTotal;
    }

    /**
     * Stores a page: its response and its links, given as URL ids ({@code targets[0..n)}, each with its
     * multiplicity). Returns the page's number.
     */
    public int addPage(Integer statusCode, String contentType, Outcome error, boolean fetched, int[] targets,
            int[] multiplicity, int n) {
        int p = pages++;
        int ct = 0;
        if (contentType != null) {
            Integer known = contentTypeIds.get(contentType);
            if (known == null && contentTypes.size() < CONTENT_TYPES - 1) {
                contentTypes.add(contentType);
                known = contentTypes.size() - 1;
                contentTypeIds.put(contentType, known);
            }
            if (known == null) {
                rareContentTypes.put(p, contentType);
                ct = CONTENT_TYPES - 1;
            } else {
                ct = known;
            }
        }
        int s = statusCode == null ? 0 : Math.min(Math.max(statusCode, 0), 2046) + 1;
        meta.set(p, s | (error == null ? 0 : error.ordinal() + 1) << 11 | (fetched ? 1 : 0) << 17 | ct << 18);
        linkStart.set(p, linkEnd);
        for (int i = 0; i < n; i++) {
            if (multiplicity[i] > 1) {
                links.set(linkEnd++, -multiplicity[i]);
            }
            links.set(linkEnd++, targets[i]);
            linkTotal += multiplicity[i];
        }
        linkStart.set(p + 1, linkEnd);
        return p;
    }

    /** The HTTP status of the page's final response, or null if there was none. */
    public Integer status(int p) {
        int s = meta.get(p) & 0x7ff;
        return s == 0 ? null : s - 1;
    }

    public String contentType(int p) {
        int ct = meta.get(p) >>> 18;
        return ct == 0 ? null : ct == CONTENT_TYPES - 1 ? rareContentTypes.get(p) : contentTypes.get(ct);
    }

    public Outcome error(int p) {
        int e = (meta.get(p) >>> 11) & 0x3f;
        return e == 0 ? null : OUTCOMES[e - 1];
    }

    public boolean fetched(int p) {
        return (meta.get(p) >>> 17 & 1) != 0;
    }

    /** The page's distinct link targets. */
    public int linkCount(int p) {
        int n = 0;
        for (int at = linkStart.get(p), end = linkStart.get(p + 1); at < end; at++) {
            if (links.get(at) >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Hands the page's links to {@code sink}, in order of first appearance on the page. */
    public void links(int p, LinkSink sink) {
        for (int at = linkStart.get(p), end = linkStart.get(p + 1); at < end; at++) {
            int v = links.get(at);
            int m = 1;
            if (v < 0) {
                m = -v;
                v = links.get(++at);
            }
            sink.link(v, m);
        }
    }

    /** Heap bytes held, for the measurements in docs/memory.md. */
    public long bytes() {
        return urls.bytes() + depth.bytes() + page.bytes() + meta.bytes() + linkStart.bytes() + links.bytes();
    }
}
