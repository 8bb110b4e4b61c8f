package dev.qcrawl.redis;

import dev.qcrawl.crawl.Visit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A crawl's graph as Redis holds it, read from every partition in pieces of {@value #SCAN_COUNT} nodes
 * ({@code HSCAN}): each URL's id, depth and stored visit (links by id), and the roots.
 */
final class StoredGraph {
    private static final int SCAN_COUNT = 1000;
    /** How many redirects' references are followed to a page (as in prelude.lua). */
    static final int REF_HOPS = 8;

    /** id -> URL. */
    final Map<String, String> urlOf = new HashMap<>();
    /** URL -> shallowest depth, for the URLs reached. */
    final Map<String, Integer> depths = new HashMap<>();
    /** URL -> its stored visit as a script keeps it (see prelude.lua). */
    final Map<String, String> stored = new HashMap<>();
    final Set<String> roots = new HashSet<>();

    static StoredGraph read(List<Scripts> parts, UnifiedJedis redis) {
        StoredGraph graph = new StoredGraph();
        ScanParams piece = new ScanParams().count(SCAN_COUNT);
        for (Scripts part : parts) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                String at = cursor;
                ScanResult<Map.Entry<String, String>> page =
                        part.call(() -> redis.hscan(part.keys().nodes(), at, piece));
                page.getResult().forEach(node -> graph.add(node.getKey(), node.getValue()));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            graph.roots.addAll(part.call(() -> redis.smembers(part.keys().roots())));
        }
        return graph;
    }

    private void add(String id, String node) {
        int a = node.indexOf('\t');
        int b = node.indexOf('\t', a + 1);
        String url = b < 0 ? node.substring(a + 1) : node.substring(a + 1, b);
        urlOf.put(id, url);
        if (a > 0) {
            depths.put(url, Integer.valueOf(node.substring(0, a)));
        }
        if (b >= 0) {
            stored.put(url, node.substring(b + 1));
        }
    }

    /** Every stored visit, links as URLs; a redirect's target shares the visit it refers to (one object). */
    Map<String, Visit> visits() {
        Map<String, Visit> visits = new HashMap<>(stored.size() * 2);
        stored.forEach((url, v) -> {
            if (!v.startsWith("@")) {
                visits.put(url, visit(v));
            }
        });
        stored.forEach((url, v) -> {
            String holder = v.startsWith("@") ? holder(v) : null;
            if (holder != null && visits.containsKey(holder)) {
                visits.put(url, visits.get(holder));
            }
        });
        return visits;
    }

    /** The URL whose own visit a reference ({@code @ID}) leads to, in at most {@value #REF_HOPS} hops, or null. */
    private String holder(String v) {
        for (int hops = 0; hops < REF_HOPS; hops++) {
            String url = urlOf.get(v.substring(1));
            v = url == null ? null : stored.get(url);
            if (v == null) {
                return null;
            }
            if (!v.startsWith("@")) {
                return url;
            }
        }
        return null;
    }

    /** A stored visit, {@code STATUS TAB TYPE TAB ERROR TAB FETCHED TAB LINKS}, its links' ids read as URLs. */
    private Visit visit(String v) {
        String[] fields = v.split("\t", 5);
        String[] links = fields[4].isEmpty() ? new String[0] : fields[4].split(" ");
        String[] targets = new String[links.length];
        int[] multiplicity = new int[links.length];
        for (int i = 0; i < links.length; i++) {
            int star = links[i].indexOf('*');
            targets[i] = urlOf.get(star < 0 ? links[i] : links[i].substring(0, star));
            multiplicity[i] = star < 0 ? 1 : Integer.parseInt(links[i], star + 1, links[i].length(), 10);
        }
        return VisitCodec.visit(fields, targets, multiplicity);
    }

    /**
     * What a complete crawl of {@code start} to {@code maxDepth} cannot lack, to be crawled again, as rows of URL,
     * depth and "1" to forget its stored visit first (else "0"): the start URL reached at 1; a URL within the depth
     * with no stored visit; a link of a stored page not reached at the page's depth + 1; a page whose links name a
     * node that is gone (loaded again).
     */
    List<String[]> missing(String start, int maxDepth) {
        List<String[]> again = new ArrayList<>();
        if (!depths.containsKey(start)) {
            again.add(new String[] {start, "1", "0"});
        }
        for (Map.Entry<String, Integer> node : depths.entrySet()) {
            String url = node.getKey();
            int d = node.getValue();
            if (d > maxDepth) {
                continue;
            }
            String v = stored.get(url);
            if (v != null && v.startsWith("@")) {
                String holder = holder(v);
                v = holder == null ? null : stored.get(holder);
            }
            if (v == null || v.startsWith("@")) {
                again.add(new String[] {url, String.valueOf(d), "0"});
                continue;
            }
            String links = v.split("\t", 5)[4];
            for (String link : links.isEmpty() ? new String[0] : links.split(" ")) {
                int star = link.indexOf('*');
                String target = urlOf.get(star < 0 ? link : link.substring(0, star));
                if (target == null) {
                    again.add(new String[] {url, String.valueOf(d), "1"});
                    break;
                }
                Integer reached = depths.get(target);
                if (reached == null || reached > d + 1) {
                    again.add(new String[] {target, String.valueOf(d + 1), "0"});
                }
            }
        }
        return again;
    }

    /** The pages fetched (a request made) and, of them, those that gave no response, counted on the graph. */
    long[] fetchedAndFailed() {
        long fetched = 0;
        long failed = 0;
        for (String v : stored.values()) {
            if (!v.startsWith("@") && v.split("\t", 5)[3].equals("1")) {
                fetched++;
                failed += v.startsWith("\t") ? 1 : 0;
            }
        }
        return new long[] {fetched, failed};
    }
}
