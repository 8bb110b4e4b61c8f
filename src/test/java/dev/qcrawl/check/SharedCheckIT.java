package dev.qcrawl.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.RedisCluster;
import dev.qcrawl.testing.RedisServer;
import dev.qcrawl.testing.TestServer;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * A link check shared by several processes through a real redis-server: every process prints exactly what one
 * process alone prints, and each link outside the crawl and each resource is requested once for the whole crawl.
 * The site is built here from a model (which pages link to what, which URLs are missing), and the broken links are
 * computed from that model, not by the code under test.
 */
class SharedCheckIT {
    private static final int PAGES = 10;
    private static final int EXTERNAL = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CRAWLS = new AtomicInteger();
    private static RedisServer redis;
    private static RedisCluster cluster;
    private static TestServer site;
    private static final List<TestServer> external = new ArrayList<>();
    /** A host whose one URL (gone: 410) is held while a test wants a request in flight. */
    private static TestServer slow;
    private static int closedPort;
    /** Requests by "SERVER METHOD path". */
    private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Each site page (as printed) and the links it makes (absolute, with their fragments). */
    private static final Map<String, List<String>> model = new LinkedHashMap<>();
    /** The fragments each HTML page offers, by URL. */
    private static final Map<String, Set<String>> ids = new HashMap<>();
    /** Where each redirect leads. */
    private static final Map<String, String> redirects = new HashMap<>();
    private static volatile CountDownLatch slowHeld = new CountDownLatch(0);
    private static volatile CountDownLatch slowReached = new CountDownLatch(1);

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        cluster = RedisCluster.start(dir.resolve("cluster"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again at once: connections to it are refused
        }
        site = counted("site", new TestServer());
        for (int k = 0; k < EXTERNAL; k++) {
            TestServer other = counted("ext" + k, new TestServer());
            external.add(other);
            // Found: /ok* and /doc; missing (the server's 404): /missing*; /moved leads to /ok0, which pages also
            // link to; /gone-moved leads to /missing-target; /loop-a and /loop-b lead to each other; /to-doc leads to
            // /doc, whose fragments are checked.
            for (int n = 0; n < 4; n++) {
                other.route("/ok" + n, ex -> TestServer.respond(ex, 200, "text/plain", "fine"));
            }
            other.page("/doc", "<h1 id='a'>A</h1><a name='b'>B</a><a href='/never'>not crawled</a>");
            ids.put(other.url("/doc"), Set.of("a", "b"));
            redirect(other, "/moved", "/ok0");
            redirect(other, "/gone-moved", "/missing-target");
            redirect(other, "/loop-a", "/loop-b");
            redirect(other, "/loop-b", "/loop-a");
            redirect(other, "/to-doc", "/doc");
            other.route("/img/remote.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[64]));
        }
        slow = counted("slow", new TestServer());
        slow.route("/held", ex -> {
            slowReached.countDown();
            slowHeld.await(60, TimeUnit.SECONDS);
            TestServer.respond(ex, 410, "text/plain", "gone, late");
        });
        // The stylesheet every page loads imports another, and each loads images and fonts of its own.
        String remote = external.get(0).url("/img/css-missing.png");
        site.route("/css/site.css", ex -> TestServer.respond(ex, 200, "text/css", "@import 'more.css';\n"
                + "body { background: url(/img/css-ok.png) } .x { background: url('" + remote + "') }"));
        site.route("/css/more.css", ex -> TestServer.respond(ex, 200, "text/css",
                "@font-face { font-family: F; src: url(../fonts/missing.woff2) }"));
        site.route("/img/css-ok.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[16]));
        model.put(site.url("/css/site.css"), List.of(site.url("/css/more.css"), site.url("/img/css-ok.png"), remote));
        model.put(site.url("/css/more.css"), List.of(site.url("/fonts/missing.woff2")));
        for (int n = 0; n < 3; n++) {
            site.route("/img/ok" + n + ".png", ex -> TestServer.respond(ex, 200, "image/png", new byte[32]));
        }
        // URLs of the site that redirect out of the crawl: the crawl requests them, and the check goes on from where
        // they led, in whichever process. One is a stylesheet (on a CDN): what it loads is linked from the site's URL.
        String out = external.get(1).url("/missing-out");
        String theme = external.get(2).url("/v2/theme.css");
        for (Map.Entry<String, String> r : Map.of("/out", out, "/theme.css", theme).entrySet()) {
            redirects.put(site.url(r.getKey()), r.getValue());
            site.route(r.getKey(), ex -> {
                ex.getResponseHeaders().set("Location", r.getValue());
                TestServer.respond(ex, 302, "text/html", "");
            });
        }
        external.get(2).route("/v2/theme.css", ex -> TestServer.respond(ex, 200, "text/css",
                "h1 { background: url(img/theme-missing.png) }"));
        model.put(site.url("/theme.css"), List.of(external.get(2).url("/v2/img/theme-missing.png")));
        // Stylesheet URLs that redirect to one, one through another (c to a to s), which a page also links with
        // <a href> (the crawl fetches it): requested once in all, what it loads linked from each.
        for (Map.Entry<String, String> alias : Map.of("/css/a.css", "/css/s.css", "/css/b.css", "/css/s.css",
                "/css/c.css", "/css/a.css").entrySet()) {
            redirects.put(site.url(alias.getKey()), site.url(alias.getValue()));
            site.route(alias.getKey(), ex -> {
                ex.getResponseHeaders().set("Location", alias.getValue());
                TestServer.respond(ex, 302, "text/html", "");
            });
            model.put(site.url(alias.getKey()), List.of(site.url("/img/s-missing.png")));
        }
        model.put(site.url("/css/s.css"), List.of(site.url("/img/s-missing.png")));
        site.route("/css/s.css", ex -> TestServer.respond(ex, 200, "text/css",
                "p { background: url(../img/s-missing.png) }"));
        build();
    }

    private static void redirect(TestServer server, String from, String to) {
        redirects.put(server.url(from), server.url(to));
        server.route(from, ex -> {
            ex.getResponseHeaders().set("Location", to);
            TestServer.respond(ex, 302, "text/html", "");
        });
    }

    /** The site: the start page links to every page; each page makes its own mix of the links below. */
    private static void build() {
        List<String> pages = new ArrayList<>();
        pages.add(site.url("/"));
        for (int i = 1; i < PAGES; i++) {
            pages.add(site.url("/p" + i));
        }
        for (int i = 0; i < PAGES; i++) {
            List<String> links = new ArrayList<>();
            List<String> resources = new ArrayList<>();
            if (i == 0) {
                links.addAll(pages.subList(1, PAGES));
            }
            for (int k = 0; k < EXTERNAL; k++) {
                TestServer other = external.get(k);
                links.add(other.url("/ok" + ((i + k) % 4)));
                if ((i + k) % 3 == 0) {
                    links.add(other.url("/missing" + (i % 2)));
                }
                if ((i + k) % 4 == 1) {
                    links.add(other.url("/moved"));
                    links.add(other.url("/gone-moved"));
                }
                if ((i + k) % 4 == 2) {
                    links.add(other.url("/loop-" + (i % 2 == 0 ? "a" : "b")));
                    links.add(other.url("/loop-" + (i % 2 == 0 ? "b" : "a")));
                }
                links.add(other.url("/doc#" + (i % 2 == 0 ? "a" : "b")));
                if (i % 3 == 0) {
                    links.add(other.url("/to-doc"));
                }
                if (i % 5 == k) {
                    links.add(other.url("/doc#zz" + k));
                }
                if (i % 3 == k) {
                    resources.add(other.url("/img/remote.png"));
                    resources.add(other.url("/img/remote-missing.png"));
                }
            }
            links.add(site.url("/p" + (1 + i % (PAGES - 1)) + "#sec"));
            if (i % 4 == 0) {
                links.add(site.url("/p" + (1 + (i + 3) % (PAGES - 1)) + "#nope"));
            }
            if (i % 3 == 1) {
                links.add("http://127.0.0.1:" + closedPort + "/x");
            }
            if (i % 3 == 2) {
                links.add(site.url("/out"));
            }
            if (i % 4 == 3) {
                links.add(site.url("/theme.css"));
            }
            links.add(slow.url("/held"));
            resources.add(site.url("/css/site.css"));
            if (i % 5 == 1) {
                resources.add(site.url("/css/a.css"));
                resources.add(site.url("/css/b.css"));
                resources.add(site.url("/css/c.css"));
            }
            if (i == 4) {
                links.add(site.url("/css/s.css"));
            }
            resources.add(site.url("/img/ok" + (i % 3) + ".png"));
            resources.add(site.url("/img/missing" + (i % 2) + ".png"));
            if (i % 2 == 0) {
                resources.add(site.url("/js/missing.js"));
            }
            StringBuilder html = new StringBuilder("<html><head>");
            for (String r : resources) {
                if (r.endsWith(".css")) {
                    html.append("<link rel='stylesheet' href='").append(r).append("'>");
                } else if (r.endsWith(".js")) {
                    html.append("<script src='").append(r).append("'></script>");
                }
            }
            html.append("</head><body><h2 id='sec'>Section</h2>");
            for (String r : resources) {
                if (r.endsWith(".png")) {
                    html.append("<img src='").append(r).append("'>");
                }
            }
            for (String l : links) {
                html.append("<a href='").append(l).append("'>link</a>\n");
            }
            html.append("</body></html>");
            String page = pages.get(i);
            site.page(i == 0 ? "/" : "/p" + i, html.toString());
            ids.put(page, Set.of("sec"));
            List<String> all = new ArrayList<>(links);
            all.addAll(resources);
            model.put(page, all);
        }
    }

    private static TestServer counted(String name, TestServer server) {
        return server.before(ex -> requests.computeIfAbsent(name + " " + ex.getRequestMethod() + " "
                + ex.getRequestURI().getRawPath(), k -> new AtomicInteger()).incrementAndGet());
    }

    @AfterAll
    static void stop() throws Exception {
        slowHeld = new CountDownLatch(0);
        site.close();
        slow.close();
        external.forEach(TestServer::close);
        redis.close();
        cluster.close();
    }

    @BeforeEach
    void clear() {
        requests.clear();
    }

    /** Whether a URL (without fragment) of the model is broken, and how: its status or error as printed. */
    private static String brokenAs(String url) {
        if (url.startsWith("http://127.0.0.1:" + closedPort + "/")) {
            return "refused";
        }
        if (url.equals(slow.url("/held"))) {
            return "410";
        }
        if (url.contains("/loop-")) {
            return "redirect-loop";
        }
        String end = redirects.getOrDefault(url, url);
        return end.contains("missing") ? "404" : null;
    }

    /** The broken links of the model, each with its status or error as the text report prints it. */
    private static Map<String, String> expectedBroken() {
        Map<String, String> broken = new TreeMap<>();
        model.values().forEach(links -> links.forEach(link -> {
            int hash = link.indexOf('#');
            String url = hash < 0 ? link : link.substring(0, hash);
            String how = brokenAs(url);
            if (how != null) {
                broken.put(url, how);
            } else if (hash >= 0 && !ids.get(url).contains(link.substring(hash + 1))) {
                broken.put(link, "fragment");
            }
        }));
        return broken;
    }

    /** Every URL the check requests: links leaving the site and resources, without fragments, each once. */
    private static Set<String> expectedChecked() {
        Set<String> urls = new TreeSet<>();
        model.values().forEach(links -> links.forEach(link -> {
            String url = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
            boolean page = url.startsWith(site.url("/p")) || url.equals(site.url("/"))
                    || url.equals(site.url("/css/s.css")); // fetched by the crawl (linked with <a href>)
            if (!page) {
                urls.add(url);
            }
        }));
        return urls;
    }

    /** What the check must request, as "SERVER GET path", each once: those URLs and where redirects lead. */
    private static Set<String> expectedRequests() {
        Set<String> out = new TreeSet<>();
        for (String url : expectedChecked()) {
            if (url.startsWith("http://127.0.0.1:" + closedPort)) {
                continue;
            }
            out.add(serverOf(url) + " GET " + url.substring(url.indexOf('/', 8)));
            String to = redirects.get(url);
            if (to != null) {
                out.add(serverOf(to) + " GET " + to.substring(to.indexOf('/', 8)));
            }
        }
        return out;
    }

    private static String serverOf(String url) {
        if (url.startsWith(site.url("/"))) {
            return "site";
        }
        if (url.startsWith(slow.url("/"))) {
            return "slow";
        }
        for (int k = 0; k < EXTERNAL; k++) {
            if (url.startsWith(external.get(k).url("/"))) {
                return "ext" + k;
            }
        }
        throw new IllegalArgumentException(url);
    }

    private static List<String> shared(String id, String... more) {
        return sharedOn(redis.url(), id, more);
    }

    private static List<String> sharedOn(String frontier, String id, String... more) {
        List<String> args = new ArrayList<>(List.of("-q", "-w", "4", "-d", "3", "--frontier", frontier,
                "--crawl-id", id));
        args.addAll(List.of(more));
        args.add(site.url("/"));
        return args;
    }

    /**
     * Requests counted on the external hosts and the site's resources: "SERVER METHOD path" -> count. A redirect
     * loop's two URLs count at most once each here, checked by {@link #atMostTwiceInLoops}: two checks that redirect
     * to each other at once in one process do not wait for each other, and one of them requests the other's URL
     * (as {@code CheckIT} shows of one process: at most twice). So does /doc: a redirect to it that does not read
     * its body (for its fragments) is followed, and /doc is requested again with its body, unless that came first.
     */
    private static Map<String, Integer> checkRequests() {
        Map<String, Integer> out = new TreeMap<>();
        requests.forEach((k, v) -> {
            boolean sitePage = k.startsWith("site ") && (k.endsWith(" /") || k.matches("site \\w+ /p\\d+")
                    || k.endsWith("/robots.txt"));
            if (!sitePage) {
                out.put(k, twice(k) ? Math.min(1, v.get()) : v.get());
            }
        });
        return out;
    }

    private static boolean twice(String request) {
        return request.contains(" /loop-") || request.endsWith(" /doc");
    }

    private static void atMostTwiceInLoops() {
        requests.forEach((k, v) -> assertTrue(!twice(k) || v.get() <= 2, k + ": " + v));
    }

    @Test
    void threeProcessesPrintWhatOneProcessPrintsAndRequestEachLinkOnce() throws Exception {
        Cli.Run alone = Cli.run("-q", "-w", "4", "-d", "3", "--broken", "--check-fragments", "--fail-on-broken",
                site.url("/"));
        assertEquals(3, alone.exitCode(), alone.err());
        assertEquals(expectedBroken(), alone.entries(), alone.out());
        List<String> lines = alone.lines();
        assertEquals("    linked from " + site.url("/theme.css"),
                lines.get(lines.indexOf("404 " + external.get(2).url("/v2/img/theme-missing.png")) + 1));
        int at = lines.indexOf("404 " + site.url("/img/s-missing.png"));
        assertEquals(List.of("    linked from " + site.url("/css/a.css"), "    linked from " + site.url("/css/b.css"),
                "    linked from " + site.url("/css/c.css"), "    linked from " + site.url("/css/s.css")),
                lines.subList(at + 1, at + 5));
        Map<String, Integer> once = new TreeMap<>();
        expectedRequests().forEach(r -> once.put(r, 1));
        assertEquals(once, checkRequests(), "one process: each link and resource requested once");
        atMostTwiceInLoops();

        for (int n : new int[] {2, 3}) {
            requests.clear();
            String id = "three-" + CRAWLS.incrementAndGet();
            List<Cli.Run> runs = Cli.together(n, shared(id, "--broken", "--check-fragments", "--fail-on-broken"));
            assertEquals(n, runs.size());
            for (Cli.Run run : runs) {
                assertEquals(3, run.exitCode(), run.err());
                assertEquals(alone.lines(), run.lines(), "a process of " + n + " prints what one process prints");
            }
            assertEquals(once, checkRequests(), n + " processes: each link and resource requested once in all");
            atMostTwiceInLoops();
            requests.forEach((k, v) -> assertTrue(k.endsWith("/robots.txt") || twice(k) || v.get() == 1,
                    k + ": " + v));

            // Started again once all is checked: the same rows, nothing requested.
            requests.clear();
            Cli.Run again = Cli.run(shared(id, "--broken", "--check-fragments", "--fail-on-broken")
                    .toArray(String[]::new));
            assertEquals(3, again.exitCode(), again.err());
            assertEquals(alone.lines(), again.lines());
            assertEquals(Map.of(), checkRequests());
        }
    }

    @Test
    void theJsonSummarySaysHowManyLinksWereCheckedTheSameInEveryProcess() throws Exception {
        Cli.Run alone = Cli.run("-q", "-d", "3", "--check", "--format", "json", site.url("/"));
        assertEquals(0, alone.exitCode(), alone.err());
        JsonNode one = JSON.readTree(alone.out());
        assertEquals(expectedChecked().size(), one.get("summary").get("checked").asInt(), alone.out());
        Cli.Run plain = Cli.run("-q", "-d", "3", "--format", "json", site.url("/"));
        assertTrue(JSON.readTree(plain.out()).get("summary").get("checked") == null, "no check, no figure");

        List<Cli.Run> runs = Cli.together(2, shared("json-" + CRAWLS.incrementAndGet(), "--check", "--format", "json"));
        for (Cli.Run run : runs) {
            assertEquals(0, run.exitCode(), run.err());
            JsonNode doc = JSON.readTree(run.out());
            assertEquals(expectedChecked().size(), doc.get("summary").get("checked").asInt(), run.out());
            assertEquals(one.get("rows"), doc.get("rows"));
        }
    }

    /**
     * A process killed (SIGKILL) while it checks a URL: its claim lapses after the lease, and another process, which
     * joined while the victim held the URL (and so waits for it, unless the lease ran out first: either way), requests
     * that URL again and prints the whole check, as one process alone does.
     */
    @Test
    void aProcessKilledMidCheckLeavesItsUrlsToAnother() throws Exception {
        Cli.Run alone = Cli.run("-q", "-d", "3", "--broken", "--check-fragments", site.url("/"));
        assertEquals(0, alone.exitCode(), alone.err());
        assertEquals(expectedBroken(), alone.entries(), alone.out());
        requests.clear();
        slowReached = new CountDownLatch(1);
        slowHeld = new CountDownLatch(1);
        String id = "killed-" + CRAWLS.incrementAndGet();
        Path out = dir.resolve(id + ".txt");
        List<String> args = shared(id, "--lease", "3s", "--broken", "--check-fragments");
        Process victim = Jar.builder(args.toArray(String[]::new)).redirectOutput(out.toFile())
                .redirectError(new File(out + ".err")).start();
        Cli.Run[] survivor = new Cli.Run[1];
        Thread joined;
        try {
            assertTrue(slowReached.await(60, TimeUnit.SECONDS), "the victim never checked the held URL: "
                    + (victim.isAlive() ? "" : Files.readString(Path.of(out + ".err"))));
            joined = Thread.ofVirtual().start(() -> survivor[0] = Cli.run(args.toArray(String[]::new)));
            List<ProcessHandle> jvms = victim.descendants().toList();
            jvms.forEach(ProcessHandle::destroyForcibly);
            victim.destroyForcibly();
            assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
            for (ProcessHandle jvm : jvms) {
                jvm.onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            slowHeld.countDown();
        }
        joined.join(120_000);
        assertEquals(0, survivor[0].exitCode(), survivor[0].err());
        assertEquals(alone.lines(), survivor[0].lines(), "the held URL's 410 included");
        assertEquals(2, requests.get("slow GET /held").get(), "requested by the victim, then by the survivor");
    }

    /**
     * On a Redis Cluster, three processes given different nodes: what one process prints, each link requested once
     * in all, the checked URLs spread over the crawl's partitions (each URL in one), no claim left.
     */
    @Test
    void onARedisClusterThreeProcessesPrintWhatOneProcessPrints() throws Exception {
        Cli.Run alone = Cli.run("-q", "-w", "4", "-d", "3", "--broken", "--check-fragments", "--fail-on-broken",
                site.url("/"));
        assertEquals(expectedBroken(), alone.entries(), alone.out());
        requests.clear();
        String id = "cluster-" + CRAWLS.incrementAndGet();
        List<Cli.Run> runs = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            List<String> args = sharedOn(cluster.url(node), id, "--broken", "--check-fragments", "--fail-on-broken");
            threads.add(Thread.ofVirtual().start(() -> runs.add(Cli.run(args.toArray(String[]::new)))));
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        assertEquals(3, runs.size());
        for (Cli.Run run : runs) {
            assertEquals(3, run.exitCode(), run.err());
            assertEquals(alone.lines(), run.lines());
        }
        Map<String, Integer> once = new TreeMap<>();
        expectedRequests().forEach(r -> once.put(r, 1));
        assertEquals(once, checkRequests());
        atMostTwiceInLoops();

        // Every URL checked has its outcome in one partition; the only others are where redirects led. A URL of the
        // site that redirects out of the crawl is not checked itself: the check goes on from where it led.
        Set<String> outcomes = new TreeSet<>(expectedChecked());
        redirects.values().forEach(outcomes::add);
        outcomes.removeIf(url -> url.startsWith(site.url("/")) && redirects.containsKey(url)
                && !redirects.get(url).startsWith(site.url("/")));
        outcomes.remove(site.url("/css/s.css")); // fetched by the crawl: its verdict is the crawl's own
        List<String> stored = new ArrayList<>();
        int partitionsUsed = 0;
        try (RedisClusterClient client = RedisClusterClient.create(new HostAndPort("127.0.0.1",
                cluster.ports().get(cluster.alive().getFirst())))) {
            String[] tags = client.get("qcrawl:{" + id + "}:parts").split(" ");
            assertEquals(3, tags.length);
            for (String tag : tags) {
                Set<String> here = client.hkeys("qcrawl:{" + tag + "}:checks");
                stored.addAll(here);
                partitionsUsed += here.isEmpty() ? 0 : 1;
                assertEquals(0, client.hlen("qcrawl:{" + tag + "}:checking"), "a claim left in " + tag);
            }
        }
        assertEquals(outcomes, new TreeSet<>(stored));
        assertEquals(outcomes.size(), stored.size(), "each URL in one partition");
        assertEquals(3, partitionsUsed, "the checked URLs are spread over the partitions");
    }

    /**
     * A page the crawl lists under a redirect's URL (the shallower name), loaded by its own URL first: the redirect's
     * load finds the page loaded and shares it. What the page loads is checked, listed as linked from the page as it
     * was served, in a shared check as in one process. Before, the shared check kept the page's notes under its own
     * URL only, and its images went unchecked.
     */
    @Test
    void aPageListedUnderARedirectsUrlHasItsResourcesCheckedInASharedCheck() throws Exception {
        try (TestServer own = new TestServer()) {
            CountDownLatch targetAsked = new CountDownLatch(1);
            own.page("/", "<a href='/r'>r</a><a href='/deep.html'>deep</a>");
            own.page("/deep.html", "<a href='/t'>t</a>");
            own.route("/t", ex -> {
                targetAsked.countDown();
                TestServer.respond(ex, 200, "text/html", "<img src='/t-missing.png'><img src='/t-ok.png'>");
            });
            own.route("/r", ex -> { // answered once /t is asked for: the redirect then leads to a page being loaded
                targetAsked.await(10, TimeUnit.SECONDS);
                ex.getResponseHeaders().set("Location", "/t");
                TestServer.respond(ex, 302, "text/html", "");
            });
            own.route("/t-ok.png", ex -> TestServer.respond(ex, 200, "image/png", new byte[8]));
            own.fallback(ex -> TestServer.respond(ex, 404, "text/plain", "no"));
            // Named as served: /t, which the crawl lists too (its row at depth 3), not the page's name /r.
            List<String> expected = List.of("404 " + own.url("/t-missing.png"), "    linked from " + own.url("/t"));
            Cli.Run alone = Cli.run("-q", "-w", "4", "-d", "3", "--broken", own.url("/"));
            assertEquals(0, alone.exitCode(), alone.err());
            assertEquals(expected, alone.lines(), "one process");
            assertEquals(1, own.hits("/t"));
            own.allHits().clear();
            List<String> args = new ArrayList<>(List.of("-q", "-w", "4", "-d", "3", "--frontier", redis.url(),
                    "--crawl-id", "under-r-" + CRAWLS.incrementAndGet(), "--broken", own.url("/")));
            for (Cli.Run run : Cli.together(2, args)) {
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(expected, run.lines(), "a process of 2");
            }
            // (/t itself may be fetched twice here: a page a redirect leads to is not marked in Redis while the
            // redirect is followed, so another process may take it up meanwhile; docs/crawling.md, "Fetched once".)
            assertEquals(1, own.hits("/t-missing.png"));
        }
    }

    /** Redis stops answering while a process checks: one line and exit code 4, as when it is lost mid-crawl. */
    @Test
    void redisLostMidCheckEndsWithExitCode4AndOneLine() throws Exception {
        slowReached = new CountDownLatch(1);
        slowHeld = new CountDownLatch(1);
        String id = "lost-" + CRAWLS.incrementAndGet();
        Path out = dir.resolve(id + ".txt");
        Process p = Jar.builder(shared(id, "--broken").toArray(String[]::new)).redirectOutput(out.toFile())
                .redirectError(new File(out + ".err")).start();
        try {
            assertTrue(slowReached.await(60, TimeUnit.SECONDS), "the check never got under way");
            redis.signal("STOP"); // unreachable: connections hang, nothing is lost
            slowHeld.countDown();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "qcrawl must give up on an unreachable Redis");
        } finally {
            redis.signal("CONT");
            slowHeld.countDown();
        }
        String err = Files.readString(Path.of(out + ".err"));
        assertEquals(4, p.exitValue(), err);
        assertTrue(err.startsWith("qcrawl: redis at 127.0.0.1:" + redis.port() + " is unreachable"), err);
        assertEquals(1, err.lines().count(), err);
    }
}
