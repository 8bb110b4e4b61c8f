package dev.qcrawl.testing;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated site as a directed multigraph of paths: pages with repeated links, self links, back links and
 * cycles, plus links to leaves that are not parsed (a text file, a 404, a 500 page with links in it). It renders
 * itself onto a {@link TestServer} and computes the expected counts by itself, from the graph, without any
 * code of the crawler.
 */
public final class LinkGraph {
    /** page path -> the hrefs on it, in order, repeats included (relative or absolute paths). */
    private final Map<String, List<String>> pages = new HashMap<>();
    /** href on a page -> the path it resolves to (the test site uses paths that resolve simply). */
    private final List<String> pagePaths = new ArrayList<>();
    private final List<String> leaves = List.of("/file.txt", "/missing.html", "/error.html");

    private LinkGraph() {
    }

    /** A random graph of {@code n} pages with 1..maxLinks links each. */
    public static LinkGraph random(long seed, int n, int maxLinks) {
        Random random = new Random(seed);
        LinkGraph g = new LinkGraph();
        for (int i = 0; i < n; i++) {
            g.pagePaths.add(i == 0 ? "/" : "/p" + i + ".html");
        }
        for (int i = 0; i < n; i++) {
            List<String> links = new ArrayList<>();
            int k = 1 + random.nextInt(maxLinks);
            for (int j = 0; j < k; j++) {
                int r = random.nextInt(20);
                if (r == 0) {
                    links.add(g.leaves.get(random.nextInt(g.leaves.size())));
                } else if (r == 1 && i > 0) {
                    links.add("/"); // back to the root
                } else {
                    links.add(g.pagePaths.get(random.nextInt(n)));
                }
            }
            if (random.nextInt(4) == 0 && !links.isEmpty()) {
                links.add(links.get(0)); // a repeated link
            }
            g.pages.put(g.pagePaths.get(i), links);
        }
        return g;
    }

    /** A complete graph: every page links to every page (itself included) once; counts grow as n^depth. */
    public static LinkGraph complete(int n) {
        LinkGraph g = new LinkGraph();
        for (int i = 0; i < n; i++) {
            g.pagePaths.add(i == 0 ? "/" : "/p" + i + ".html");
        }
        for (String p : g.pagePaths) {
            g.pages.put(p, new ArrayList<>(g.pagePaths));
        }
        return g;
    }

    /** Serves the pages, a text file, a 404 page and a 500 page (the last two with links that must not count). */
    public void serveOn(TestServer server) {
        for (Map.Entry<String, List<String>> e : pages.entrySet()) {
            server.page(e.getKey(), html(e.getValue()));
        }
        server.route("/file.txt", ex -> TestServer.respond(ex, 200, "text/plain", "<a href=\"/p1.html\">no</a>"));
        server.route("/missing.html", ex -> TestServer.respond(ex, 404, "text/html", "<a href=\"/p1.html\">no</a>"));
        server.route("/error.html", ex -> TestServer.respond(ex, 500, "text/html", "<a href=\"/p1.html\">no</a>"));
    }

    /**
     * Writes the site as static files under {@code root} for a file server: {@code /} as {@code index.html}, the
     * text file as it is; the 404 and 500 pages are left out, so a file server answers 404 for both.
     */
    public void writeTo(java.nio.file.Path root) throws java.io.IOException {
        for (Map.Entry<String, List<String>> e : pages.entrySet()) {
            String name = e.getKey().equals("/") ? "index.html" : e.getKey().substring(1);
            java.nio.file.Files.writeString(root.resolve(name), html(e.getValue()));
        }
        java.nio.file.Files.writeString(root.resolve("file.txt"), "<a href=\"/p1.html\">no</a>");
    }

    private static String html(List<String> hrefs) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>t</title></head><body>\n");
        for (String href : hrefs) {
            html.append("<p><a href=\"").append(href).append("\">link</a></p>\n");
        }
        return html.append("<a href=\"javascript:void(0)\">js</a></body></html>\n").toString();
    }

    /**
     * The tutorial's counts, by literally running its algorithm without a network: a queue of (path, depth)
     * jobs, every job counted, jobs up to maxDepth expanded into one job per link occurrence. Exponential:
     * only for small depths.
     */
    public Map<String, BigInteger> simulateTutorial(int maxDepth) {
        return simulateTutorial(maxDepth, "/");
    }

    /**
     * The same from {@code startPath}: "" for a start URL typed without the '/' of its path, which the tutorial
     * counts as a URL of its own (its page is the root's).
     */
    public Map<String, BigInteger> simulateTutorial(int maxDepth, String startPath) {
        Map<String, BigInteger> counts = new HashMap<>();
        Deque<Object[]> queue = new ArrayDeque<>();
        queue.add(new Object[] {startPath, 1});
        while (!queue.isEmpty()) {
            Object[] job = queue.poll();
            String path = (String) job[0];
            int depth = (Integer) job[1];
            counts.merge(path, BigInteger.ONE, BigInteger::add);
            String page = path.isEmpty() ? "/" : path;
            if (depth <= maxDepth && pages.containsKey(page)) {
                for (String link : pages.get(page)) {
                    queue.add(new Object[] {link, depth + 1});
                }
            }
        }
        return counts;
    }

    /** The same counts by dynamic programming over depths (walks of 0..maxDepth links), exact at any depth. */
    public Map<String, BigInteger> walkCounts(int maxDepth) {
        Map<String, BigInteger> counts = new HashMap<>();
        Map<String, BigInteger> level = Map.of("/", BigInteger.ONE);
        for (int depth = 1; depth <= maxDepth + 1; depth++) {
            Map<String, BigInteger> next = new HashMap<>();
            for (Map.Entry<String, BigInteger> e : level.entrySet()) {
                counts.merge(e.getKey(), e.getValue(), BigInteger::add);
                if (depth <= maxDepth && pages.containsKey(e.getKey())) {
                    for (String link : pages.get(e.getKey())) {
                        next.merge(link, e.getValue(), BigInteger::add);
                    }
                }
            }
            level = next;
        }
        return counts;
    }

    /**
     * Unique-mode counts: pages within maxDepth - 1 hops of the root (by breadth-first distance) are fetched; a
     * URL counts the links to it on fetched pages, plus one for the root.
     */
    public Map<String, BigInteger> uniqueCounts(int maxDepth) {
        Map<String, Integer> distance = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        distance.put("/", 0);
        queue.add("/");
        while (!queue.isEmpty()) {
            String p = queue.poll();
            for (String link : pages.getOrDefault(p, List.of())) {
                if (!distance.containsKey(link)) {
                    distance.put(link, distance.get(p) + 1);
                    queue.add(link);
                }
            }
        }
        Map<String, BigInteger> counts = new HashMap<>();
        counts.put("/", BigInteger.ONE);
        for (Map.Entry<String, Integer> e : distance.entrySet()) {
            if (e.getValue() <= maxDepth - 1 && pages.containsKey(e.getKey())) {
                for (String link : pages.get(e.getKey())) {
                    counts.merge(link, BigInteger.ONE, BigInteger::add);
                }
            }
        }
        return counts;
    }

    /**
     * The link graph a crawl to maxDepth discovers, by breadth-first distance from the root: for each page within
     * maxDepth - 1 hops, each distinct path it links to with how many times it does (paths, as in the counts).
     */
    public Map<String, Map<String, Integer>> links(int maxDepth) {
        Map<String, Integer> distance = distances();
        Map<String, Map<String, Integer>> links = new HashMap<>();
        for (Map.Entry<String, Integer> e : distance.entrySet()) {
            if (e.getValue() <= maxDepth - 1 && pages.containsKey(e.getKey())) {
                Map<String, Integer> targets = new HashMap<>();
                for (String link : pages.get(e.getKey())) {
                    targets.merge(link, 1, Integer::sum);
                }
                links.put(e.getKey(), targets);
            }
        }
        return links;
    }

    /** Every path reached from the root, with its breadth-first distance (the root is 0). */
    public Map<String, Integer> distances() {
        Map<String, Integer> distance = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        distance.put("/", 0);
        queue.add("/");
        while (!queue.isEmpty()) {
            String p = queue.poll();
            for (String link : pages.getOrDefault(p, List.of())) {
                if (!distance.containsKey(link)) {
                    distance.put(link, distance.get(p) + 1);
                    queue.add(link);
                }
            }
        }
        return distance;
    }

    /** Pages that a unique crawl fetches: those within maxDepth - 1 hops, as paths. */
    public List<String> pagePaths() {
        return pagePaths;
    }

    /** Renders expected counts the way qcrawl prints them: {@code %3d URL}, highest first, ties by URL. */
    public static List<String> expectedLines(Map<String, BigInteger> counts, String origin, String startLabel) {
        List<Map.Entry<String, BigInteger>> entries = new ArrayList<>(counts.entrySet());
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, BigInteger> e : entries) {
            String url = e.getKey().equals("/") ? startLabel : origin + e.getKey();
            rows.add(new String[] {url, e.getValue().toString()});
        }
        rows.sort((a, b) -> {
            int c = new BigInteger(b[1]).compareTo(new BigInteger(a[1]));
            return c != 0 ? c : a[0].compareTo(b[0]);
        });
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            lines.add(String.format("%3d %s", new BigInteger(r[1]), r[0]));
        }
        return lines;
    }
}
